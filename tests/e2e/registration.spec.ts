import { expect, test, type Page } from "./fixtures";
import { authSession, expectSignedOut, newDevice, registerNewUser, sessionCookie, submitSignIn, TEST_PASSWORD, uniqueEmail } from "./helpers";

// Creating an account and signing in, including the two answers that must be identical:
// a wrong password and an unknown email (otherwise the form tells who has an account).

async function submitRegistration(page: Page, fields: { name: string; email: string; password: string }): Promise<void> {
  await page.goto("/register");
  await page.getByLabel("Name", { exact: true }).fill(fields.name);
  await page.getByLabel("Email", { exact: true }).fill(fields.email);
  await page.getByLabel("Password", { exact: true }).fill(fields.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

test("registering with valid details signs the new user in", async ({ page, context }) => {
  const user = await registerNewUser(page);

  await expect(page).not.toHaveURL(/\/register/);
  await expect(page.getByRole("banner")).toContainText(user.name);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  const session = await authSession(context);
  expect(session?.user?.email).toBe(user.email);
  expect(session?.user?.name).toBe(user.name);
  // It expires in the future, and no later than the absolute timeout (12 hours by default).
  const expires = Date.parse(session?.expires ?? "");
  expect(expires).toBeGreaterThan(Date.now());
  expect(expires).toBeLessThanOrEqual(Date.now() + 12 * 3600 * 1000 + 60_000);
  // The session JSON names the user and nothing secret.
  expect(JSON.stringify(session)).not.toMatch(/passwordHash|\$2[aby]\$/);
});

test("a too-short password is refused with a message on the password field", async ({ page, context }) => {
  await submitRegistration(page, { name: "Short Password", email: uniqueEmail(), password: "short-pw-1" });

  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/12 characters/);
  await expect(page).toHaveURL(/\/register$/);
  await expectSignedOut(page);
  expect(await authSession(context)).toBeNull();
});

test("a common password is refused with a message on the password field", async ({ page, context }) => {
  await submitRegistration(page, { name: "Common Password", email: uniqueEmail(), password: "Password1234" });

  const password = page.getByLabel("Password", { exact: true });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(/common/i);
  await expect(page).toHaveURL(/\/register$/);
  await expectSignedOut(page);
  expect(await authSession(context)).toBeNull();
});

test("registering an email that already has an account is refused clearly", async ({ browser, page }) => {
  const first = await newDevice(browser);
  const existing = await registerNewUser(first.page);
  await first.context.close();

  await submitRegistration(page, { name: "Someone Else", email: existing.email, password: "another long passphrase 9" });

  await expect(page.getByText(/already/i).first()).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
  await expectSignedOut(page);
  // The first account's password still works: the attempt changed nothing.
  const check = await newDevice(browser);
  await check.page.goto("/login");
  await submitSignIn(check.page, existing.email, existing.password);
  await expect(check.page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await check.context.close();
});

test("a wrong password and an unknown email get exactly the same answer", async ({ browser }) => {
  const setup = await newDevice(browser);
  const user = await registerNewUser(setup.page);
  await setup.context.close();

  async function failedSignIn(email: string, password: string): Promise<string> {
    const { context, page } = await newDevice(browser);
    await page.goto("/login");
    await submitSignIn(page, email, password);
    await expect(page.getByText("Incorrect email or password.")).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
    await expectSignedOut(page);
    expect(await sessionCookie(context), "a failed sign-in must not start a session").toBeUndefined();
    // Everything the page says, not just the message: no hint anywhere about which part was wrong.
    const text = await page.getByRole("main").innerText();
    await context.close();
    return text;
  }

  const wrongPassword = await failedSignIn(user.email, `${TEST_PASSWORD}-wrong`);
  const unknownEmail = await failedSignIn(uniqueEmail(), TEST_PASSWORD);
  expect(unknownEmail).toBe(wrongPassword);
});
