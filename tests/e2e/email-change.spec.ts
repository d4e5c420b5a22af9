import { expect, test, type Page } from "./fixtures";
import { newDevice, openDatabase, registerNewUser, signIn, signOut, submitSignIn, uniqueEmail } from "./helpers";
import { linkIn, mailTo, waitForMail } from "./mail";

// A new email address takes effect only when the link mailed to it is opened and its
// page's button pressed; the old address is told; asking for it needs a recent password.
// Links come from the e2e server's outbox.

const CONFIRM_SUBJECT = /confirm your new email address$/;

async function askForEmailChange(page: Page, newEmail: string): Promise<void> {
  await page.goto("/account/security");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByRole("button", { name: "Change email" }).click();
}

async function expectEmailChangeSent(page: Page, newEmail: string): Promise<void> {
  await expect(
    page.getByRole("status").filter({ hasText: `We sent a confirmation link to ${newEmail}. Your email changes when you open it.` }),
  ).toBeVisible();
}

function storedEmailOf(userName: string): string {
  const db = openDatabase();
  try {
    return (db.prepare(`SELECT email FROM "User" WHERE name = ?`).get(userName) as { email: string }).email;
  } finally {
    db.close();
  }
}

test("an email change is confirmed by the link sent to the new address, the old address is told, and only the new email signs in", async ({ browser, page }) => {
  const user = await registerNewUser(page);
  const newEmail = uniqueEmail();

  await askForEmailChange(page, newEmail);
  await expectEmailChangeSent(page, newEmail);
  await expect(page.getByLabel("New email")).toHaveValue("");
  const told = await waitForMail(user.email, { subject: /a change of your email address was requested$/ });
  expect(told.text).toContain(newEmail);
  const link = linkIn(await waitForMail(newEmail, { subject: CONFIRM_SUBJECT }), "/confirm-email");

  // Opened on another device (a phone's mail app, a mail scanner): the page changes nothing.
  const phone = await newDevice(browser);
  const opened = await phone.page.goto(link);
  expect(opened?.status()).toBe(200);
  await expect(phone.page.getByRole("heading", { name: "Confirm your new email address" })).toBeVisible();
  await expect(phone.page.getByText(newEmail)).toBeVisible();
  await expect(phone.page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  await phone.page.reload();
  expect(storedEmailOf(user.name)).toBe(user.email);

  await phone.page.getByRole("button", { name: "Confirm email change" }).click();
  await expect(phone.page.getByRole("heading", { name: "Email address changed" })).toBeVisible();
  await expect(phone.page.getByText(`Your email address is now ${newEmail}.`)).toBeVisible();
  expect(storedEmailOf(user.name)).toBe(newEmail);
  await waitForMail(user.email, { subject: /your email address was changed$/ });

  // The security page shows the new address; the old one no longer signs in.
  await page.goto("/account/security");
  await expect(page.getByText(newEmail)).toBeVisible();
  await signOut(page);
  await page.goto("/login");
  await submitSignIn(page, user.email, user.password);
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();
  await signIn(page, newEmail, user.password);

  // The link worked once.
  await phone.page.goto(link);
  await expect(phone.page.getByRole("heading", { name: "This link is no longer valid" })).toBeVisible();
  await expect(phone.page.getByRole("button", { name: "Confirm email change" })).toHaveCount(0);
  await phone.context.close();
});

test("an email change outside the sudo window asks for confirmation first and keeps the typed address", async ({ page }) => {
  const user = await registerNewUser(page);
  const newEmail = uniqueEmail();
  // The password was entered an hour ago, as far as the server knows: the sudo window has
  // passed. (The window is measured from the session row, so this is the only way to age it.)
  const db = openDatabase();
  try {
    const { changes } = db
      .prepare(`UPDATE "Session" SET authenticatedAt = ? WHERE userId = (SELECT id FROM "User" WHERE email = ?)`)
      .run(new Date(Date.now() - 3_600_000).toISOString(), user.email);
    expect(changes).toBe(1);
  } finally {
    db.close();
  }

  await askForEmailChange(page, newEmail);
  await expect(page).toHaveURL(/\/account\/confirm\?next=%2Faccount%2Fsecurity$/);
  await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
  expect(await mailTo(newEmail)).toEqual([]);

  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  // The address typed before the detour is back in its field; the form was not sent for the user.
  await expect(page.getByLabel("New email")).toHaveValue(newEmail);
  expect(await mailTo(newEmail)).toEqual([]);

  await page.getByRole("button", { name: "Change email" }).click();
  await expectEmailChangeSent(page, newEmail);
  await waitForMail(newEmail, { subject: CONFIRM_SUBJECT });

  // Sent: the draft is gone, so a later visit starts empty.
  await page.goto("/account/security");
  await expect(page.getByLabel("New email")).toHaveValue("");
});

test("an email change to the current address or a malformed one is refused on its field and sends nothing", async ({ page }) => {
  const user = await registerNewUser(page);
  await askForEmailChange(page, user.email.toUpperCase());
  await expect(page.getByText("That is already your email address.")).toBeVisible();
  await askForEmailChange(page, "not an address");
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("New email")).toHaveValue("not an address");
  expect((await mailTo(user.email)).filter((mail) => /change of your email/.test(mail.subject))).toEqual([]);
});

test("an address another account took after the link was sent is refused when confirming, and nothing changes", async ({ browser, page }) => {
  const user = await registerNewUser(page);
  const wanted = uniqueEmail();
  await askForEmailChange(page, wanted);
  await expectEmailChangeSent(page, wanted);
  const link = linkIn(await waitForMail(wanted, { subject: CONFIRM_SUBJECT }), "/confirm-email");

  const someoneElse = await newDevice(browser);
  await registerNewUser(someoneElse.page, { email: wanted });

  await someoneElse.page.goto(link);
  await someoneElse.page.getByRole("button", { name: "Confirm email change" }).click();
  await expect(someoneElse.page.getByRole("heading", { name: "Email address not changed" })).toBeVisible();
  await expect(someoneElse.page.getByText("Another account uses that address now")).toBeVisible();
  expect(storedEmailOf(user.name)).toBe(user.email);
  await someoneElse.context.close();
});

test("a garbage or missing confirmation link gets a clear page, never an error", async ({ page }) => {
  for (const path of ["/confirm-email", "/confirm-email?token=nope", `/confirm-email?token=${"A".repeat(43)}`, "/confirm-email?token=a&token=b"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { name: "This link is no longer valid" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Confirm email change" })).toHaveCount(0);
  }
});
