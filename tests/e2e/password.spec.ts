import { request as httpRequest } from "node:http";
import { expect, test, type Page } from "./fixtures";
import { actionIdOf } from "./actions";
import {
  baseURL,
  expectSentToLogin,
  expectSignedIn,
  newDevice,
  openDatabase,
  plantSessionCookie,
  registerNewUser,
  sessionToken,
  signIn,
  signOut,
  submitSignIn,
  uniqueEmail,
  type TestUser,
} from "./helpers";
import { linkIn, mailTo, waitForMail } from "./mail";

// A new password, both ways: changed on /account/security with the current one, or set
// from a reset link for someone who forgot it. Either way every other device is out at
// once, and the old password opens nothing. Reset links come from the e2e server's
// outbox, as a person takes them from their inbox.

const NEW_PASSWORD = "e2e fresh teapot 19 lantern";
const RESET_SUBJECT = /reset your password$/;

async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await page.goto("/account/security");
  await expect(page.getByRole("heading", { name: "Security", level: 1 })).toBeVisible();
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
}

async function askForResetLink(page: Page, email: string): Promise<string> {
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const answer = page.getByRole("status").filter({ hasText: "If an account uses that address" });
  await expect(answer).toBeVisible();
  return (await answer.textContent()) ?? "";
}

async function expectSignInRefused(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await submitSignIn(page, email, password);
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
}

async function expectDeadLinkPage(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await expect(page.getByRole("heading", { name: "This link is no longer valid" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");
  await expect(page.getByLabel("New password")).toHaveCount(0);
}

test("a password change on device A signs device B out on its next request and the old password no longer works", async ({ browser, context, page }) => {
  const user = await registerNewUser(page);
  const deviceB = await newDevice(browser);
  await signIn(deviceB.page, user.email, user.password);
  const before = await sessionToken(context);

  // A wrong current password first: refused on its field, and nothing changes.
  await changePassword(page, "not my password at all", NEW_PASSWORD);
  await expect(page.getByText("Incorrect password.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await expect(page.getByLabel("New password")).toHaveValue("");
  expect(await sessionToken(context)).toBe(before);
  await deviceB.page.goto("/orders");
  await expect(deviceB.page).toHaveURL(/\/orders$/);

  await changePassword(page, user.password, NEW_PASSWORD);
  await expect(page.getByRole("status").filter({ hasText: "Password changed. 1 other session was signed out." })).toBeVisible();
  // Neither password stays in the page.
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await expect(page.getByLabel("New password")).toHaveValue("");

  // Device A: still signed in, under a new token; the old one opens nothing.
  const after = await sessionToken(context);
  expect(after).not.toBe(before);
  await page.goto("/orders");
  await expectSignedIn(page);
  const replay = await newDevice(browser);
  await plantSessionCookie(replay.context, before);
  await expectSentToLogin(replay.page);

  // Device B: out on its next request.
  await expectSentToLogin(deviceB.page);

  // And the old password no longer signs in anywhere; the new one does.
  await expectSignInRefused(deviceB.page, user.email, user.password);
  await signIn(deviceB.page, user.email, NEW_PASSWORD);

  // The account's address was told.
  await waitForMail(user.email, { subject: /your password was changed$/ });
  await Promise.all([deviceB.context.close(), replay.context.close()]);
});

test("changing the password with no other device signed in says so", async ({ page }) => {
  const user = await registerNewUser(page);
  await changePassword(page, user.password, NEW_PASSWORD);
  await expect(page.getByRole("status").filter({ hasText: "Password changed. No other device was signed in." })).toBeVisible();
});

test("a reset link from the outbox works once and then is refused, and signs every other device out", async ({ browser, page }) => {
  const user = await registerNewUser(page);
  const other = await newDevice(browser);
  await signIn(other.page, user.email, user.password);

  // Someone who forgot their password, on a third browser, from the sign-in page.
  const forgetful = await newDevice(browser);
  await forgetful.page.goto("/login");
  await forgetful.page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(forgetful.page).toHaveURL(/\/forgot-password$/);
  await askForResetLink(forgetful.page, user.email);
  const link = linkIn(await waitForMail(user.email, { subject: RESET_SUBJECT }), "/reset-password");

  await forgetful.page.goto(link);
  await expect(forgetful.page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
  // The token in this page's address goes into no Referer header.
  await expect(forgetful.page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  await forgetful.page.getByLabel("New password").fill(NEW_PASSWORD);
  await forgetful.page.getByRole("button", { name: "Set new password" }).click();
  await expect(forgetful.page.getByRole("heading", { name: "Password set" })).toBeVisible();
  await expect(forgetful.page.getByText("Every other device was signed out, and you are signed in here.")).toBeVisible();
  await expectSignedIn(forgetful.page);

  // Both devices that were signed in are out on their next request.
  await expectSentToLogin(page);
  await expectSentToLogin(other.page);

  // The link worked once: opened again, it is refused, and it sets nothing.
  await expectDeadLinkPage(other.page, link);
  await expectSignInRefused(other.page, user.email, user.password);
  await signIn(other.page, user.email, NEW_PASSWORD);
  await Promise.all([other.context.close(), forgetful.context.close()]);
});

test("forgot-password answers the same for an unknown email", async ({ page }) => {
  const user = await registerNewUser(page);
  await signOut(page);
  const unknown = uniqueEmail();

  const forUnknown = await askForResetLink(page, unknown);
  const forKnown = await askForResetLink(page, user.email);
  expect(forUnknown).toBe(forKnown);

  // The known address gets its link; by then the unknown one's request (sent first) has
  // been handled too, and it wrote nothing.
  await waitForMail(user.email, { subject: RESET_SUBJECT });
  expect(await mailTo(unknown)).toEqual([]);
});

/**
 * Posts the forgot-password form the way React 19 does, but with the Host (and Origin, and
 * X-Forwarded-Host) an attacker chooses: a browser cannot forge Host, a script can.
 */
async function askForResetLinkAs(host: string, email: string): Promise<number> {
  const form = new FormData();
  form.set("_1_email", email);
  form.set("0", '[null,"$K1"]');
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  const target = new URL(baseURL());
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: "127.0.0.1",
        port: target.port,
        method: "POST",
        path: "/forgot-password",
        headers: {
          Host: host,
          Origin: `http://${host}`,
          "X-Forwarded-Host": host,
          "Next-Action": actionIdOf("forgotPasswordAction"),
          "Content-Type": encoded.headers.get("content-type") ?? "",
          "Content-Length": body.length,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

test("a forged Host header cannot put another site into a reset link", async ({ page }) => {
  const user = await registerNewUser(page);
  await signOut(page);

  // The request is accepted as same-origin (its Origin matches its Host), so the action
  // runs and a link is mailed; the link's origin comes from the configuration, not from
  // anything in the request.
  expect(await askForResetLinkAs("evil.example", user.email)).toBe(200);
  const mail = await waitForMail(user.email, { subject: RESET_SUBJECT });
  expect(new URL(linkIn(mail, "/reset-password")).origin).toBe(new URL(baseURL()).origin);
  expect(mail.text).not.toContain("evil.example");
});

test("forgot-password says what is wrong with a malformed address, and sends nothing", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill("not an address");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not an address");
  await expect(page.getByText("If an account uses that address")).toHaveCount(0);
});

test("an expired, replaced, malformed or missing reset link gets one clear page, never an error", async ({ page }) => {
  const user: TestUser = await registerNewUser(page);
  await signOut(page);

  // Expired: a real link, whose expiry is moved into the past.
  await askForResetLink(page, user.email);
  const expired = linkIn(await waitForMail(user.email, { subject: RESET_SUBJECT }), "/reset-password");
  const db = openDatabase();
  try {
    db.prepare(`UPDATE "AccountToken" SET expiresAt = ? WHERE userId = (SELECT id FROM "User" WHERE email = ?)`).run(
      new Date(Date.now() - 1000).toISOString(),
      user.email,
    );
  } finally {
    db.close();
  }
  await expectDeadLinkPage(page, expired);

  // Replaced: only the newest link works.
  await askForResetLink(page, user.email);
  const older = linkIn(await waitForMail(user.email, { subject: RESET_SUBJECT, alreadyReceived: 1 }), "/reset-password");
  await askForResetLink(page, user.email);
  const newest = linkIn(await waitForMail(user.email, { subject: RESET_SUBJECT, alreadyReceived: 2 }), "/reset-password");
  await expectDeadLinkPage(page, older);

  const garbage = ["", "?token=", "?token=garbage", `?token=${"A".repeat(43)}`, "?token=a&token=b", `?token=${"x".repeat(5000)}`];
  for (const query of garbage) {
    const path = `/reset-password${query}`;
    await expectDeadLinkPage(page, path);
  }

  // The newest link still works after all that.
  await page.goto(newest);
  await expect(page.getByRole("heading", { name: "Set a new password" })).toBeVisible();
});

test("a reset link used up in another tab is refused when its form is sent, and sets nothing", async ({ browser, page }) => {
  const user = await registerNewUser(page);
  await signOut(page);
  await askForResetLink(page, user.email);
  const link = linkIn(await waitForMail(user.email, { subject: RESET_SUBJECT }), "/reset-password");

  // Two tabs open the same link; the first one uses it.
  const second = await newDevice(browser);
  await page.goto(link);
  await second.page.goto(link);
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("heading", { name: "Password set" })).toBeVisible();

  await second.page.getByLabel("New password").fill("e2e another choice 55 meadow");
  await second.page.getByRole("button", { name: "Set new password" }).click();
  await expect(second.page.getByRole("heading", { name: "This link is no longer valid" })).toBeVisible();
  await expectSignInRefused(second.page, user.email, "e2e another choice 55 meadow");
  await signIn(second.page, user.email, NEW_PASSWORD);
  await second.context.close();
});
