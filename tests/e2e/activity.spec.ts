import { expect, test, type Browser, type Page } from "./fixtures";
import {
  baseURL,
  expectSignedIn,
  newDevice,
  openDatabase,
  registerNewUser,
  signIn,
  signOut,
  submitSignIn,
  type TestUser,
} from "./helpers";

// The security activity log as its readers see it: a user's /account/activity lists what
// happened to their account (sign-ins, a revoked session, a new password, a sign-out),
// newest first, each with its time, IP, browser and system; nobody else's events ever
// appear there; an admin sees the same list on the user's page. A forged cursor gets the
// first page, never an error.

const DEMO_ADMIN = { email: "admin@example.com", password: "admin-demo-password-77" };
const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
const NEW_PASSWORD = "e2e activity lantern 58 meadow";

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** The rows of the activity list as text on one line each, newest first. */
async function activityRows(page: Page): Promise<string[]> {
  const list = page.getByRole("list", { name: "Security events" });
  await expect(list).toBeVisible();
  return (await list.getByRole("listitem").allInnerTexts()).map(oneLine);
}

/** What each row says happened, and why (its first line), without the time or device. */
async function activityHeadlines(page: Page): Promise<string[]> {
  await expect(page.getByRole("list", { name: "Security events" })).toBeVisible();
  return (await page.getByRole("list", { name: "Security events" }).locator("li > div > p").allInnerTexts()).map(oneLine);
}

/** Each expected label, in this order, at the start of some row; other rows may come between. */
function expectInOrder(rows: string[], labels: string[]): void {
  let from = 0;
  for (const label of labels) {
    const index = rows.findIndex((row, position) => position >= from && row.startsWith(label));
    expect(index, `"${label}" after row ${from} in:\n${rows.join("\n---\n")}`).toBeGreaterThanOrEqual(0);
    from = index + 1;
  }
}

function userIdOf(email: string): string {
  const db = openDatabase();
  try {
    return (db.prepare(`SELECT id FROM "User" WHERE email = ?`).get(email) as { id: string }).id;
  } finally {
    db.close();
  }
}

async function confirmPassword(page: Page, password: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Confirm" }).click();
}

async function signInOnFirefox(browser: Browser, user: TestUser) {
  const context = await browser.newContext({ baseURL: baseURL(), userAgent: FIREFOX_ON_WINDOWS });
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return { context, page };
}

test("the activity page lists a user's sign-ins, a revoked session, a new password and a sign-out, newest first, to them and an admin only", async ({
  browser,
  page,
}) => {
  const user = await registerNewUser(page);
  const firefox = await signInOnFirefox(browser, user);

  // A wrong password on the confirm page is refused; the right one opens the sessions page.
  await page.goto("/account/confirm?next=%2Faccount%2Fsessions");
  await confirmPassword(page, "not my password at all");
  await expect(page.getByText("Incorrect password.")).toBeVisible();
  await confirmPassword(page, user.password);
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  await page.goto("/account/security");
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();

  await signOut(page);
  await signIn(page, user.email, NEW_PASSWORD);

  // Found through the security page's link, as a person finds it.
  await page.goto("/account/security");
  await page.getByRole("link", { name: "Security activity" }).click();
  await expect(page.getByRole("heading", { name: "Security activity", level: 1 })).toBeVisible();
  const rows = await activityRows(page);
  expectInOrder(rows, [
    "Signed in",
    "Signed out",
    "Session renewed after a password change",
    "Password changed",
    "Session revoked by you",
    "Session renewed after a password confirmation",
    "Signed in",
    "Signed in",
  ]);
  // The sign-in just made is this browser's session; no older row is. Signing out cleared
  // the browser's device cookie too (Clear-Site-Data), so that sign-in was a new device.
  expect(rows[0]).toMatch(/^New device This session/);
  expect(rows[1]).toMatch(/^Signed in This session/);
  expect(rows.filter((row) => row.includes("This session"))).toEqual(rows.slice(0, 2));
  for (const row of rows) {
    expect(row).toMatch(/IP: (127\.0\.0\.1|::1)/);
    expect(row).toMatch(/Device: (Chrome \d+|Firefox 140) on Windows$/);
  }
  // The Firefox sign-in shows that browser, and the session it was is the one revoked.
  expect(rows.filter((row) => row.startsWith("Signed in") && row.includes("Firefox 140 on Windows"))).toHaveLength(1);
  for (const time of await page.getByRole("list", { name: "Security events" }).locator("time").all()) {
    expect(new Date((await time.getAttribute("datetime"))!).toISOString()).toBe(await time.getAttribute("datetime"));
  }
  await expect(page.getByRole("link", { name: "Older events" })).toHaveCount(0);

  // The revoked browser is out, and its owner can see why on the other device's list.
  await firefox.page.reload();
  await expect(firefox.page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await firefox.context.close();

  // An admin sees the same events on the user's page, the user's own actions as the user's.
  const admin = await newDevice(browser);
  await signIn(admin.page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await admin.page.goto(`/admin/users/${userIdOf(user.email)}`);
  await expect(admin.page.getByRole("heading", { name: "Security activity", level: 2 })).toBeVisible();
  const ownerHeadlines = await activityHeadlines(page);
  const adminHeadlines = await activityHeadlines(admin.page);
  expect(adminHeadlines).toEqual(ownerHeadlines.map((line) => line.replace("by you", "by the user").replace(/ This session$/, "")));
  expect(adminHeadlines.join("\n")).not.toContain("This session");
  await admin.context.close();
});

test("another user sees their own sign-in and nothing of anyone else's", async ({ browser, page }) => {
  await registerNewUser(page);
  const stranger = await newDevice(browser);
  await registerNewUser(stranger.page);
  await stranger.page.goto("/account/activity");
  const strangerRows = await activityRows(stranger.page);
  expect(strangerRows).toHaveLength(1);
  expect(strangerRows[0]).toMatch(/^Signed in This session/);
  await stranger.context.close();
});

test("older events are one link away, and a forged cursor gets the first page, never an error", async ({ page }) => {
  const user = await registerNewUser(page);
  const userId = userIdOf(user.email);
  const db = openDatabase();
  try {
    // Stamped with the sign-in's own time, stored as the app stores it; the order is the ids'.
    const insert = db.prepare(`INSERT INTO "SecurityEvent" (userId, type, reason, ipAddress, userAgent, createdAt)
      SELECT userId, 'SESSION_REVOKED', 'session_limit', '192.0.2.9', NULL, createdAt FROM "SecurityEvent" WHERE userId = ? LIMIT 1`);
    for (let index = 0; index < 30; index += 1) insert.run(userId);
  } finally {
    db.close();
  }

  await page.goto("/account/activity");
  const first = await activityRows(page);
  expect(first).toHaveLength(25);
  for (const row of first) expect(row).toMatch(/^Session revoked session limit reached .* IP: 192\.0\.2\.9 Device: Unknown browser on Unknown system$/);
  await page.getByRole("link", { name: "Older events" }).click();
  await expect(page).toHaveURL(/\/account\/activity\?before=\d+$/);
  const second = await activityRows(page);
  expect(second).toHaveLength(6);
  expect(second[5]).toMatch(/^Signed in This session/);
  await expect(page.getByRole("link", { name: "Older events" })).toHaveCount(0);
  await page.getByRole("link", { name: "Newest events" }).click();
  await expect(page).toHaveURL(/\/account\/activity$/);
  expect(await activityRows(page)).toEqual(first);

  for (const before of ["abc", "-1", "0", "1e3", "99999999999999999999", "1&before=2", "%00"]) {
    const response = await page.goto(`/account/activity?before=${before}`);
    expect(response?.status(), before).toBe(200);
    expect(await activityRows(page), before).toEqual(first);
  }
  // A cursor older than every event: an empty page that says so, with the way back.
  await page.goto("/account/activity?before=1");
  await expect(page.getByText("No older events.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Newest events" })).toBeVisible();
});

test("a new account's activity page reads well on a 390 px wide phone", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: baseURL(), viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await registerNewUser(page);
  await page.goto("/account/activity");
  await expectSignedIn(page);
  await expect(page.getByRole("heading", { name: "Security activity", level: 1 })).toBeVisible();
  expect(await activityRows(page)).toHaveLength(1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await context.close();
});

test("an anonymous visitor is sent to sign in and comes back to the activity page", async ({ page }) => {
  await page.goto("/account/activity");
  await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Factivity$/);
  const user = await registerNewUser(page);
  await signOut(page);
  await page.goto("/account/activity");
  await submitSignIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: "Security activity", level: 1 })).toBeVisible();
});
