import { expect, test } from "./fixtures";
import { expectSignedIn, expectSignedOut, newDevice, openSessionsPage, registerNewUser, SESSION_COOKIE, signIn, submitSignIn } from "./helpers";
import { mailTo, waitForMail } from "./mail";
import { attemptSignIn, failUntilBlocked, waitIn } from "./throttle-attempts";

// Guessing passwords, as an attacker would: wrong passwords in a loop end in "Too many
// attempts" with a bounded wait, during which even the right password is refused. The
// owner's own browser, known from an earlier sign-in by its device cookie, still gets in.
// This server counts per-address failures with a raised limit (playwright.config.ts),
// because every test here comes from 127.0.0.1; throttling-address.spec.ts tests that limit.

const NEW_SIGN_IN = /New sign-in to your account/;

test("wrong passwords in a loop end in Too many attempts by the 20th; the right one is refused during the wait and works after it", async ({ browser }) => {
  const owner = await newDevice(browser);
  const user = await registerNewUser(owner.page);
  await owner.context.close();

  const attacker = await newDevice(browser);
  const { firstBlockedAt, message } = await failUntilBlocked(attacker.page, user.email);
  expect(firstBlockedAt).toBeGreaterThan(0);
  expect(firstBlockedAt).toBeLessThanOrEqual(20);
  expect(message).toMatch(/^Too many attempts\. Try again in [1-9]\d* seconds?\.$/);

  const refused = await attemptSignIn(attacker.page, user.email, user.password);
  expect(refused).toMatch(/^Too many attempts\./);
  await expectSignedOut(attacker.page);

  await attacker.page.waitForTimeout(waitIn(refused) * 1000 + 500);
  await signIn(attacker.page, user.email, user.password);
  await attacker.context.close();
});

test("a browser that signed in to the account before gets in while strangers are blocked", async ({ browser }) => {
  const owner = await newDevice(browser);
  const user = await registerNewUser(owner.page);
  // The session ends (as it would by timing out); the browser keeps its device cookie.
  await owner.context.clearCookies({ name: SESSION_COOKIE });

  const stranger = await newDevice(browser);
  await failUntilBlocked(stranger.page, user.email);
  expect(await attemptSignIn(stranger.page, user.email, user.password)).toMatch(/^Too many attempts\./);

  await owner.page.goto("/login");
  await submitSignIn(owner.page, user.email, user.password);
  await expectSignedIn(owner.page);
  await owner.context.close();
  await stranger.context.close();
});

test("a forged device cookie is a stranger's", async ({ browser }) => {
  const owner = await newDevice(browser);
  const user = await registerNewUser(owner.page);
  const deviceCookie = (await owner.context.cookies()).find((cookie) => cookie.name === "shop_device");
  expect(deviceCookie?.httpOnly).toBe(true);
  expect(deviceCookie?.sameSite).toBe("Lax");
  expect(deviceCookie?.value).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
  await owner.context.close();

  const forger = await newDevice(browser);
  const [id] = deviceCookie!.value.split(".");
  await forger.context.addCookies([{ ...deviceCookie!, value: `${id}.${"A".repeat(43)}` }]);
  await failUntilBlocked(forger.page, user.email);
  expect(await attemptSignIn(forger.page, user.email, user.password)).toMatch(/^Too many attempts\./);
  await forger.context.close();
});

test("a sign-in from a new browser mails the owner; the registering browser and a known one do not", async ({ browser }) => {
  const home = await newDevice(browser);
  const user = await registerNewUser(home.page);
  await home.context.clearCookies({ name: SESSION_COOKIE });
  await signIn(home.page, user.email, user.password);

  const elsewhere = await newDevice(browser);
  await signIn(elsewhere.page, user.email, user.password);
  const mail = await waitForMail(user.email, { subject: NEW_SIGN_IN });
  // Desktop Chrome as playwright.config.ts presents it: a Windows user agent.
  expect(mail.text).toMatch(/Chrome \d+ on Windows, from 127\.0\.0\.1, at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  expect(mail.text).toContain("/account/sessions");
  expect(mail.text).toContain("/account/activity");

  // Mail is sent after the response: give a stray one time to arrive before counting.
  await elsewhere.page.waitForTimeout(1000);
  expect((await mailTo(user.email)).filter((message) => NEW_SIGN_IN.test(message.subject))).toHaveLength(1);
  await home.context.close();
  await elsewhere.context.close();
});

test("the sessions page shows the connection's address, not one a client claims in X-Forwarded-For", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.7" } });
  const page = await context.newPage();
  await registerNewUser(page);
  await openSessionsPage(page);
  const main = page.getByRole("main");
  await expect(main).toContainText("127.0.0.1");
  await expect(main).not.toContainText("198.51.100.7");
  await context.close();
});

test("a signed-in browser cannot guess the password on the change form either: the same counters stop it", async ({ page }) => {
  await registerNewUser(page);
  await page.goto("/account/security");
  const answer = page.getByText(/Incorrect password\.|Too many attempts\. Try again in \d+ seconds?\./).first();
  let message = "";
  for (let tries = 1; !message.startsWith("Too many attempts"); tries++) {
    expect(tries, "refused by the 20th wrong password").toBeLessThanOrEqual(20);
    await page.getByLabel("Current password", { exact: true }).fill(`wrong password ${tries}`);
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase 42");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(answer).toBeVisible();
    message = await answer.innerText();
    await page.goto("/account/security");
  }
  expect(message).toMatch(/^Too many attempts\. Try again in [1-9]\d* seconds?\.$/);
});
