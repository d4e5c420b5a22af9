import { Secret, TOTP } from "otpauth";
import { expect, test, type Browser, type Page } from "./fixtures";
import {
  addToCart,
  authSession,
  expectSentToLogin,
  expectSignedIn,
  newDevice,
  plantSessionCookie,
  registerNewUser,
  sessionToken,
  signIn,
  submitSignIn,
  type TestUser,
} from "./helpers";

// Two-factor authentication (TOTP) the way a person uses it, with the authenticator app
// played by otpauth: the test reads the Secret key text the page shows (no QR scanning)
// and computes codes from it. Each code works once, so a test that needs a second fresh
// code asks for the next step's code (one step of clock skew is accepted) and waits for a
// new 30-second step only when it needs a third.

const STEP_MS = 30_000;

// Each test signs in on several devices (bcrypt at the e2e cost) and the second waits for
// a new 30-second step: more than the default minute on a busy two-core machine.
test.describe.configure({ timeout: 180_000 });
const PENDING_COOKIE = "shop_pending_sign_in";

function currentStep(): number {
  return Math.floor(Date.now() / STEP_MS);
}

function codeForStep(secret: string, step: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: step * STEP_MS });
}

async function waitForStep(page: Page, step: number): Promise<void> {
  const wait = step * STEP_MS - Date.now();
  if (wait > 0) await page.waitForTimeout(wait + 250);
}

/** Set up and turn on two-factor on /account/security; returns the secret, the codes and the step used. */
async function turnOnTwoFactor(page: Page) {
  await page.goto("/account/security");
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();

  const secret = (await page.getByLabel("Secret key").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const qr = page.getByRole("img", { name: /QR code/ });
  await expect(qr).toHaveAttribute("src", /^data:image\/svg\+xml;base64,/);
  const svg = Buffer.from((await qr.getAttribute("src"))!.split(",")[1]!, "base64").toString("utf8");
  expect(svg).toContain("<svg");
  const uri = new URL((await page.getByRole("link", { name: "Open in an authenticator app" }).getAttribute("href"))!);
  expect(uri.protocol).toBe("otpauth:");
  expect(uri.searchParams.get("secret")).toBe(secret);
  expect(uri.searchParams.get("issuer")).toBe("Secure Sessions Shop");

  const step = currentStep();
  await page.getByLabel("Authentication code").fill(codeForStep(secret, step));
  await page.getByRole("button", { name: "Turn on" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list).toBeVisible();
  const recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((code) => code.trim());
  expect(recoveryCodes).toHaveLength(10);
  for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
  return { secret, recoveryCodes, step };
}

/** A new device enters the password: it lands on the code page, not signed in. */
async function passwordOnNewDevice(browser: Browser, user: TestUser, next = "/") {
  const device = await newDevice(browser);
  await device.page.goto(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  await submitSignIn(device.page, user.email, user.password);
  await expect(device.page).toHaveURL(/\/login\/two-factor$/);
  await expect(device.page.getByRole("button", { name: "Verify" })).toBeVisible();
  return device;
}

/**
 * Submits a code and waits until the form has taken the server's answer, so the next code
 * is not typed into a form that is about to reset. The response arriving is not enough:
 * React resets the form when the action's transition commits, a moment later, and the
 * button stays disabled until then.
 */
async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Authentication code").fill(code);
  const answered = page.waitForResponse((response) => response.request().method() === "POST");
  const verify = page.getByRole("button", { name: "Verify", exact: true });
  await verify.click();
  await answered;
  // Gone (signed in, sent elsewhere) or enabled again with the form reset.
  await expect(verify.and(page.locator(":disabled"))).toHaveCount(0);
}

test("two-factor: set up from the secret shown, other devices signed out, a new device needs the code; wrong, replayed and reused codes refused", async ({
  browser,
  page,
}) => {
  const user = await registerNewUser(page);
  const outside: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.hostname !== "localhost") outside.push(request.url());
  });
  const earlier = await newDevice(browser);
  await signIn(earlier.page, user.email, user.password);

  const { secret, recoveryCodes, step } = await turnOnTwoFactor(page);
  await expect(page.getByText("Two-factor authentication is on. 1 other session was signed out.")).toBeVisible();
  await expect(page.getByText("10 recovery codes left.")).toBeVisible();
  expect(outside, "the setup page made no request beyond this server").toEqual([]);
  // The device that signed in with the password alone is out.
  expect(await authSession(earlier.context)).toBeNull();
  await expectSentToLogin(earlier.page, "/account/security");

  await test.step("a second device: the password alone signs nothing in", async () => {
    const second = await newDevice(browser);
    await addToCart(second.page, "ceramic-mug");
    const guestToken = await sessionToken(second.context);
    await second.page.goto("/login?next=%2Forders");
    await submitSignIn(second.page, user.email, user.password);
    await expect(second.page).toHaveURL(/\/login\/two-factor$/);
    const pending = (await second.context.cookies()).find((cookie) => cookie.name === PENDING_COOKIE);
    expect(pending).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(await sessionToken(second.context)).toBe(guestToken);
    expect(await authSession(second.context)).toBeNull();
    await expectSentToLogin(second.page, "/account/security");

    await second.page.goto("/login/two-factor");
    const wrong = codeForStep(secret, step + 1) === "000000" ? "000001" : "000000";
    await enterCode(second.page, wrong);
    await expect(second.page.getByText("That code is not right. You have 4 more tries.")).toBeVisible();
    expect(await authSession(second.context)).toBeNull();

    // The next step's code: fresh, since turning on used this step's.
    await enterCode(second.page, codeForStep(secret, step + 1));
    await expect(second.page).toHaveURL(/\/orders$/);
    await expectSignedIn(second.page);
    expect((await authSession(second.context))?.user?.email).toBe(user.email);
    // Rotated: the guest token it held before is dead, and so is the pending sign-in.
    expect(await sessionToken(second.context)).not.toBe(guestToken);
    expect((await second.context.cookies()).find((cookie) => cookie.name === PENDING_COOKIE)).toBeUndefined();
    const thief = await newDevice(browser);
    await plantSessionCookie(thief.context, guestToken);
    expect(await authSession(thief.context)).toBeNull();
    await thief.context.close();
    await second.context.close();
  });

  await test.step("a replayed code: the same code on a third device, in the same step, is refused", async () => {
    const third = await passwordOnNewDevice(browser, user);
    await enterCode(third.page, codeForStep(secret, step + 1));
    await expect(third.page.getByText("That code is not right.")).toBeVisible();
    await expect(third.page).toHaveURL(/\/login\/two-factor$/);
    expect(await authSession(third.context)).toBeNull();
    await third.context.close();
  });

  await test.step("a recovery code works once", async () => {
    const fourth = await passwordOnNewDevice(browser, user);
    await enterCode(fourth.page, recoveryCodes[0]!.toUpperCase());
    await expectSignedIn(fourth.page);
    expect((await authSession(fourth.context))?.user?.email).toBe(user.email);
    await fourth.context.close();

    const fifth = await passwordOnNewDevice(browser, user);
    await enterCode(fifth.page, recoveryCodes[0]!);
    await expect(fifth.page.getByText("That code is not right.")).toBeVisible();
    expect(await authSession(fifth.context)).toBeNull();
    await fifth.context.close();

    await page.goto("/account/security");
    await expect(page.getByText("9 recovery codes left.")).toBeVisible();
  });

  await test.step("five wrong codes end the pending sign-in: the password is needed again", async () => {
    const sixth = await passwordOnNewDevice(browser, user);
    for (let attempt = 0; attempt < 4; attempt += 1) await enterCode(sixth.page, "abcde-00000");
    await enterCode(sixth.page, "abcde-00000");
    await expect(sixth.page.getByText("Too many wrong codes. Sign in again with your password.")).toBeVisible();
    await enterCode(sixth.page, recoveryCodes[1]!);
    await expect(sixth.page.getByText("This sign-in has expired. Sign in again with your password.")).toBeVisible();
    expect(await authSession(sixth.context)).toBeNull();
    await sixth.page.goto("/login/two-factor");
    await expect(sixth.page.getByRole("heading", { name: "Sign in again" })).toBeVisible();
    await expect(sixth.page.getByRole("button", { name: "Verify" })).toHaveCount(0);
    await sixth.context.close();
  });
});

test("two-factor: step-up asks for the code as well as the password, and turning it off needs a code", async ({ page }) => {
  const user = await registerNewUser(page);
  const { secret, step } = await turnOnTwoFactor(page);

  await page.goto("/account/confirm?next=%2Faccount%2Fsecurity");
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Enter the code from your authenticator app, or a recovery code.")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("Authentication code").fill("000000" === codeForStep(secret, step + 1) ? "000001" : "000000");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText("Incorrect password or authentication code.")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByLabel("Authentication code").fill(codeForStep(secret, step + 1));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/account\/security$/);

  await page.getByLabel("Authentication code").fill(codeForStep(secret, step + 1));
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByText("Incorrect or already used code.")).toBeVisible();
  await expect(page.getByText("recovery codes left.")).toBeVisible();

  // A fresh code: the step after the one just used, which is within one step of now only
  // once the clock has moved on.
  await waitForStep(page, step + 1);
  await page.getByLabel("Authentication code").fill(codeForStep(secret, step + 2));
  await page.getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByText("Two-factor authentication is off. Your password alone now signs you in.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Set up two-factor authentication" })).toBeVisible();

  const device = await newDevice(page.context().browser()!);
  await signIn(device.page, user.email, user.password);
  await device.context.close();
});
