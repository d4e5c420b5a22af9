import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIResponse, type Browser, type BrowserContext, type Page } from "./fixtures";
import {
  authSession,
  baseURL,
  expectSentToLogin,
  expectSignedIn,
  openSessionsPage,
  plantSessionCookie,
  registerNewUser,
  sessionCookie,
  sessionToken,
  signIn,
  type TestUser,
} from "./helpers";
import { SHORT_SUDO } from "./short-sudo";

// Step-up re-authentication ("sudo mode") and what a signed-out browser is told. Runs
// against the fourth e2e server (playwright.config.ts, project "short-sudo"), started with
// SUDO_WINDOW_SECONDS=5: a session may revoke others only within five seconds of its user
// proving who they are, so the tests can watch the window close in real time.

const windowMs = SHORT_SUDO.windowSeconds * 1000;
const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
const CONFIRM_FOR_SESSIONS = /\/account\/confirm\?next=%2Faccount%2Fsessions$/;

/** The database of the short-sudo server (scripts/e2e-server.mjs with its own E2E_DATA_DIR). */
function sessionRow(token: string): Record<string, unknown> | undefined {
  const db = new Database(path.resolve(".tmp/e2e-short-sudo/shop.db"), { readonly: true, fileMustExist: true });
  try {
    const id = createHash("sha256").update(token).digest("hex");
    return db.prepare("SELECT * FROM Session WHERE id = ?").get(id) as Record<string, unknown> | undefined;
  } finally {
    db.close();
  }
}

/** A second device of the same user, with a browser of its own (Firefox on Linux, to tell the rows apart). */
async function otherDevice(browser: Browser, user: TestUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseURL(), userAgent: FIREFOX_ON_LINUX });
  const page = await context.newPage();
  await signIn(page, user.email, user.password);
  return { context, page };
}

/** Registers a user and returns once their proof of identity is older than the sudo window. */
async function userOutsideTheWindow(page: Page): Promise<TestUser> {
  const user = await registerNewUser(page);
  // Taken after registration answered, so the session's authenticatedAt is no later.
  const signedInAt = Date.now();
  await page.waitForTimeout(Math.max(0, signedInAt + windowMs + 500 - Date.now()));
  return user;
}

/** Confirms first, then revokes the one other session at once, inside the window. */
async function revokeTheOtherSession(page: Page, password: string): Promise<void> {
  await page.goto("/account/confirm?next=%2Faccount%2Fsessions");
  await confirmPassword(page, password);
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
}

async function confirmPassword(page: Page, password: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Confirm" }).click();
}

test("the confirm prompt appears and passing it changes the session cookie", async ({ browser, context, page }) => {
  const user = await userOutsideTheWindow(page);
  const laptop = await otherDevice(browser, user);
  const before = await sessionToken(context);

  await openSessionsPage(page);
  await page.getByRole("button", { name: "Sign out all other sessions" }).click();
  await expect(page).toHaveURL(CONFIRM_FOR_SESSIONS);
  // The page says why it asks, and for how long it will not ask again.
  await expect(page.getByText("You are about to do something sensitive")).toContainText("5 seconds");
  await confirmPassword(page, user.password);

  await expect(page).toHaveURL(/\/account\/sessions$/);
  await expect(page.getByRole("heading", { name: "Active sessions" })).toBeVisible();
  const after = await sessionToken(context);
  expect(after, "re-authentication rotates the session").not.toBe(before);
  expect((await authSession(context))?.user?.email).toBe(user.email);

  // The token held before the confirmation is dead at once: replayed, it is nobody.
  const replay = await browser.newContext({ baseURL: baseURL() });
  await plantSessionCookie(replay, before);
  expect(await authSession(replay)).toBeNull();
  await expectSentToLogin(await replay.newPage());
  // The confirmation itself signed no other device out.
  expect((await authSession(laptop.context))?.user?.email).toBe(user.email);
  await replay.close();
  await laptop.context.close();
});

test("revoking a session without a recent re-authentication asks for it", async ({ browser, page }) => {
  const user = await userOutsideTheWindow(page);
  const laptop = await otherDevice(browser, user);

  await openSessionsPage(page);
  await page.getByRole("button", { name: "Revoke" }).click();
  // The action itself refused: it sent the user to confirm and revoked nothing.
  await expect(page).toHaveURL(CONFIRM_FOR_SESSIONS);
  expect((await authSession(laptop.context))?.user?.email, "nothing was revoked before the confirmation").toBe(user.email);

  await confirmPassword(page, user.password);
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await page.getByRole("button", { name: "Revoke" }).click();
  // Said where it stays readable after the row is gone, naming the device.
  await expect(page.getByRole("status").filter({ hasText: "Signed out Firefox 140 on Linux." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);

  // The other device is signed out on its very next request.
  await expectSentToLogin(laptop.page);
  expect(await authSession(laptop.context)).toBeNull();
  await laptop.context.close();
});

test("a wrong password at the confirm prompt changes nothing", async ({ context, page }) => {
  const user = await userOutsideTheWindow(page);
  const token = await sessionToken(context);
  const rowBefore = sessionRow(token);
  expect(rowBefore).toBeDefined();

  await page.goto("/account/confirm?next=%2Faccount%2Fsessions");
  await confirmPassword(page, `${user.password} but wrong`);
  await expect(page.getByRole("status").filter({ hasText: "Incorrect password." })).toBeVisible();
  await expect(page).toHaveURL(CONFIRM_FOR_SESSIONS);

  expect(await sessionToken(context), "the cookie is the same").toBe(token);
  // The same row: no rotation, and the sudo window did not open.
  expect(sessionRow(token)).toEqual({ ...rowBefore, lastSeenAt: expect.anything(), idleExpiresAt: expect.anything() });
  expect(sessionRow(token)?.authenticatedAt).toBe(rowBefore?.authenticatedAt);
  expect((await authSession(context))?.user?.email).toBe(user.email);
});

test("the confirm page refuses an off-site next, and returns only to a path on this site", async ({ context, page }) => {
  const user = await registerNewUser(page);
  for (const next of ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example", "javascript:alert(1)", "/\t/evil.example"]) {
    await page.goto(`/account/confirm?next=${encodeURIComponent(next)}`);
    await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
    expect(await page.locator('input[name="next"]').inputValue(), next).toBe("/");
  }

  // A forged form that carries an off-site next anyway: the action checks it again.
  await page.goto("/account/confirm?next=%2Forders");
  expect(await page.locator('input[name="next"]').inputValue()).toBe("/orders");
  await page.locator('input[name="next"]').evaluate((input) => ((input as HTMLInputElement).value = "https://evil.example/phish"));
  await confirmPassword(page, user.password);
  await expect(page).toHaveURL(`${baseURL()}/`);
  await expectSignedIn(page);

  // A same-site next is honoured.
  await page.goto("/account/confirm?next=%2Forders%3Fpage%3D1");
  await confirmPassword(page, user.password);
  await expect(page).toHaveURL(`${baseURL()}/orders?page=1`);
  expect(await sessionCookie(context)).toBeDefined();
});

test("the confirm page is for signed-in users: anyone else signs in first and comes back", async ({ page }) => {
  const response = await page.goto("/account/confirm?next=%2Faccount%2Fsessions");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/login\?next=%2Faccount%2Fconfirm%3Fnext%3D%252Faccount%252Fsessions$/);
});

test("the sessions page lists this device first, with times in the viewer's time zone", async ({ browser, page }) => {
  const viewer = await browser.newContext({ baseURL: baseURL(), timezoneId: "Asia/Kolkata" });
  const viewerPage = await viewer.newPage();
  const problems: string[] = [];
  viewerPage.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
  viewerPage.on("pageerror", (error) => problems.push(error.message));
  // The viewer signs in first: listed by last activity alone, its session would come last.
  const user = await registerNewUser(viewerPage);
  const laptop = await otherDevice(browser, user);
  await signIn(page, user.email, user.password);

  const response = await viewerPage.goto("/account/sessions");
  await expect(viewerPage.getByRole("heading", { name: "Active sessions" })).toBeVisible();
  const rows = viewerPage.getByRole("list", { name: "Sessions" }).getByRole("listitem");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("This device");
  for (const index of [1, 2]) await expect(rows.nth(index)).not.toContainText("This device");

  // The server wrote UTC (it cannot know the zone); the browser re-wrote it in its own.
  expect(await response?.text()).toMatch(/<time[^>]*>[^<]* UTC<\/time>/);
  const times = viewerPage.getByRole("main").locator("time");
  await expect(times.first()).toHaveText(/GMT\+5:30$/);
  for (const time of await times.all()) {
    const iso = await time.getAttribute("datetime");
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const expected = new Intl.DateTimeFormat("en-US", {
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
      timeZone: "Asia/Kolkata",
    }).format(new Date(iso!));
    await expect(time).toHaveText(expected);
  }
  // No hydration mismatch (React reports one as a console error) and no other error.
  expect(problems).toEqual([]);
  await viewer.close();
  await laptop.context.close();
});

test("a revoked device is told it was signed out, in words that reveal nothing", async ({ browser, page }) => {
  const user = await registerNewUser(page);
  const laptop = await otherDevice(browser, user);

  await laptop.page.goto("/");
  await revokeTheOtherSession(page, user.password);

  // A client-side navigation: proxy leaves the dead cookie alone, and the sign-in page
  // notices it itself.
  await laptop.page.getByRole("banner").getByRole("link", { name: "Orders" }).click();
  await expect(laptop.page).toHaveURL(/\/login\?next=%2Forders$/);
  const notice = laptop.page.getByRole("status").filter({ hasText: "You were signed out" });
  await expect(notice).toBeVisible();
  const words = (await notice.textContent()) ?? "";
  expect(words).toContain("Sign in again");

  // A page load: proxy deletes the dead cookie and leaves the flag; the same words.
  await expectSentToLogin(laptop.page, "/orders");
  await expect(notice).toHaveText(words);
  for (const secret of [user.email, user.name, "revoked", "Firefox", "Chrome"]) expect(words).not.toContain(secret);
  // The flag behind it is a cookie page scripts cannot read, gone within ten minutes.
  const flag = (await laptop.context.cookies()).find((cookie) => cookie.name === "shop_signed_out");
  expect(flag).toMatchObject({ value: "1", httpOnly: true, sameSite: "Lax", path: "/" });
  expect(flag!.expires * 1000 - Date.now()).toBeGreaterThan(9 * 60_000);
  expect(flag!.expires * 1000 - Date.now()).toBeLessThanOrEqual(10 * 60_000);
  expect(await sessionCookie(laptop.context)).toBeUndefined();

  // Signing in again clears it.
  await laptop.page.getByLabel("Email", { exact: true }).fill(user.email);
  await laptop.page.getByLabel("Password", { exact: true }).fill(user.password);
  await laptop.page.getByRole("button", { name: "Sign in" }).click();
  await expect(laptop.page).toHaveURL(/\/orders$/);
  expect((await laptop.context.cookies()).find((cookie) => cookie.name === "shop_signed_out")).toBeUndefined();

  // A cookie that never named a session gets the very same words: the notice cannot be
  // used to tell a real, revoked session from a made-up one.
  const stranger = await browser.newContext({ baseURL: baseURL() });
  await plantSessionCookie(stranger, "made-up-garbage-value");
  const strangerPage = await stranger.newPage();
  await strangerPage.goto("/login");
  await expect(strangerPage.getByRole("status").filter({ hasText: "You were signed out" })).toHaveText(words);

  // And a browser that sent no session cookie is told nothing.
  const fresh = await browser.newContext({ baseURL: baseURL() });
  const freshPage = await fresh.newPage();
  await freshPage.goto("/login");
  await expect(freshPage.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(freshPage.getByText("You were signed out")).toHaveCount(0);
  for (const opened of [stranger, fresh, laptop.context]) await opened.close();
});

test("a read a script sent never changes a cookie: the user's next page load ends a dead one and raises the notice", async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: baseURL() });
  const dead = `shop_session=${"A".repeat(43)}`;
  const setCookies = (response: APIResponse) =>
    response
      .headersArray()
      .filter((header) => header.name.toLowerCase() === "set-cookie")
      .map((header) => header.value);

  // Next.js's router prefetching a link (proxy never sees its router headers, only the
  // browser's Sec-Fetch-Mode), a fetch(), and the browser's own prefetch. A prefetch started
  // just before a sign-out (or a sign-in) may be answered after it: a Set-Cookie in that
  // answer would announce the user's own sign-out, or end their new session.
  const scriptReads: Record<string, string>[] = [
    { "Sec-Fetch-Mode": "cors", "Sec-Fetch-Dest": "empty", RSC: "1", "Next-Router-Prefetch": "1" },
    { "Sec-Fetch-Mode": "same-origin" },
    { "Sec-Fetch-Mode": "navigate", "Sec-Purpose": "prefetch" },
    { Purpose: "prefetch" },
  ];
  for (const headers of scriptReads) {
    for (const path of ["/", "/orders"]) {
      const response = await request.get(path, { headers: { ...headers, cookie: dead }, maxRedirects: 0 });
      expect(response.status(), `${path} ${JSON.stringify(headers)}`).toBeLessThan(400);
      expect(setCookies(response), `${path} ${JSON.stringify(headers)}`).toEqual([]);
    }
  }

  // A page load, and a client that sends no Sec-Fetch-* headers at all.
  const userRequests: Record<string, string>[] = [{ "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document" }, {}];
  for (const headers of userRequests) {
    for (const path of ["/", "/orders"]) {
      const what = `${path} ${JSON.stringify(headers)}`;
      const written = setCookies(await request.get(path, { headers: { ...headers, cookie: dead }, maxRedirects: 0 }));
      expect(written.some((value) => /^shop_session=;.*Max-Age=0/i.test(value)), `${what}: deletes the dead cookie`).toBe(true);
      expect(written.some((value) => /^shop_signed_out=1;.*Max-Age=600.*HttpOnly.*SameSite=lax/i.test(value)), `${what}: raises the notice (${written.join(" | ")})`).toBe(true);
    }
  }
  await request.dispose();
});

test("signing out, even from a page whose session was already revoked, is not announced as news", async ({ browser, page }) => {
  const user = await registerNewUser(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.getByText("You were signed out")).toHaveCount(0);

  // A stale page: its session is revoked elsewhere, then its Sign out button is pressed.
  const stale = await otherDevice(browser, user);
  await stale.page.goto("/orders");
  await signIn(page, user.email, user.password);
  await revokeTheOtherSession(page, user.password);

  const signOut = stale.page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-out");
  await stale.page.getByRole("button", { name: "Sign out" }).click();
  // Not raised at all, rather than raised and then wiped by sign-out's Clear-Site-Data,
  // which not every browser honours.
  const setCookies = (await (await signOut).headersArray()).filter((header) => header.name.toLowerCase() === "set-cookie");
  expect(setCookies.map((header) => header.value).join(" | ")).not.toContain("shop_signed_out=1");
  await expect(stale.page).toHaveURL(`${baseURL()}/`);
  await stale.page.goto("/login");
  await expect(stale.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(stale.page.getByText("You were signed out")).toHaveCount(0);
  await stale.context.close();
});
