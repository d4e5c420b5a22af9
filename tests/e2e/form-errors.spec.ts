import { expect, test, type Page } from "./fixtures";
import { addToCart, newDevice, registerNewUser, signIn, uniqueEmail } from "./helpers";
import { linkIn, waitForMail } from "./mail";

// What a shopper sees when a form is refused: the shop's own words (never the browser's
// validation bubble), one message per field, and focus on what to fix (the first field
// marked invalid, or the form's message when no field is to blame), on every form.

const DEMO_ADMIN = { email: "admin@example.com", password: "admin-demo-password-77" };

/**
 * No form with fields on the page leaves validation to the browser: each has noValidate,
 * so the server's message is the one shown. (Forms of one button, such as Sign out, have
 * nothing to validate; the admin search is a GET.)
 */
async function expectNoBrowserBubble(page: Page): Promise<void> {
  const browserValidated = await page.evaluate(() =>
    [...document.forms]
      .filter((form) => form.method === "post" && form.querySelector("input:not([type=hidden]), select, textarea"))
      .filter((form) => !form.noValidate).length,
  );
  expect(browserValidated, "forms that let the browser's bubbles speak").toBe(0);
}

async function expectFocusOn(page: Page, label: string): Promise<void> {
  await expect(page.getByLabel(label, { exact: true })).toBeFocused();
  await expect(page.getByLabel(label, { exact: true })).toHaveAttribute("aria-invalid", "true");
}

test("product page: quantity 0 gets the shop's message, on the field, with focus", async ({ page }) => {
  await page.goto("/products/ceramic-mug");
  await expectNoBrowserBubble(page);
  const quantity = page.getByLabel("Quantity");
  await quantity.fill("0");
  // The field does break its own min="1": without noValidate the browser would stop the
  // submit with its bubble, and the shop's message would never come.
  expect(await quantity.evaluate((input: HTMLInputElement) => input.validity.rangeUnderflow)).toBe(true);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status")).toHaveText("Choose at least 1.");
  await expect(quantity).toBeFocused();
  await expect(quantity).toHaveAttribute("aria-invalid", "true");
  await expect(quantity).toHaveValue("0");
});

test("checkout: an empty postal code gets one message, and focus moves to the first invalid field", async ({ page }) => {
  await registerNewUser(page);
  await addToCart(page, "ceramic-mug");
  await page.goto("/checkout");
  await expectNoBrowserBubble(page);
  // The name is filled in from the account; everything else is left empty.
  await page.getByRole("button", { name: "Place order" }).click();
  await expectFocusOn(page, "Address line 1");
  const postalCode = page.getByLabel("Postal code");
  const errorId = (await postalCode.getAttribute("aria-describedby"))!;
  await expect(page.locator(`[id="${errorId}"]`)).toHaveText("Enter the postal code.");

  // A code of the wrong characters gets that message, alone.
  await page.getByLabel("Address line 1").fill("1 Test Street");
  await page.getByLabel("City").fill("Springfield");
  await postalCode.fill("$$$");
  await page.getByLabel("Country").fill("Germany");
  await page.getByRole("button", { name: "Place order" }).click();
  await expectFocusOn(page, "Postal code");
  await expect(page.locator(`[id="${errorId}"]`)).toHaveText("Use letters, digits, spaces and hyphens only.");
});

test("sign-in and registration: focus on the first field to fix, or on the message when no field is to blame", async ({ page }) => {
  await page.goto("/login");
  await expectNoBrowserBubble(page);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectFocusOn(page, "Email");

  await page.getByLabel("Email", { exact: true }).fill(uniqueEmail());
  await page.getByLabel("Password", { exact: true }).fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(":focus")).toHaveText("Incorrect email or password.");

  await page.goto("/register");
  await expectNoBrowserBubble(page);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectFocusOn(page, "Name");

  await page.goto("/forgot-password");
  await expectNoBrowserBubble(page);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expectFocusOn(page, "Email");
});

test("reset password: a password that breaks the rules takes focus", async ({ browser, page }) => {
  const user = await registerNewUser(page);
  const device = await newDevice(browser);
  await device.page.goto("/forgot-password");
  await device.page.getByLabel("Email", { exact: true }).fill(user.email);
  await device.page.getByRole("button", { name: "Send reset link" }).click();
  await expect(device.page.getByRole("status").filter({ hasText: "If an account uses that address" })).toBeVisible();
  await device.page.goto(linkIn(await waitForMail(user.email, { subject: /reset your password$/ }), "/reset-password"));
  await expectNoBrowserBubble(device.page);
  await device.page.getByLabel("New password").fill("short");
  await device.page.getByRole("button", { name: "Set new password" }).click();
  await expectFocusOn(device.page, "New password");
  await device.context.close();
});

test("account security and step-up: every form sends focus to what to fix", async ({ page }) => {
  await registerNewUser(page);
  await page.goto("/account/security");
  await expectNoBrowserBubble(page);

  await page.getByRole("button", { name: "Change password" }).click();
  await expectFocusOn(page, "Current password");

  await page.getByLabel("New email").fill("not an address");
  await page.getByRole("button", { name: "Change email" }).click();
  await expectFocusOn(page, "New email");

  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await page.getByRole("button", { name: "Turn on" }).click();
  await expectFocusOn(page, "Authentication code");

  await page.goto("/account/confirm?next=/account/sessions");
  await expectNoBrowserBubble(page);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expectFocusOn(page, "Password");
});

test("admin: a refused price takes focus", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto("/admin/products");
  await expectNoBrowserBubble(page);
  const price = page.getByLabel("Price of Dip-Glazed Ceramic Mug, in dollars");
  await price.fill("twelve");
  const row = page.locator("form").filter({ has: price });
  await row.getByRole("button", { name: "Save" }).click();
  await expectFocusOn(page, "Price of Dip-Glazed Ceramic Mug, in dollars");
});
