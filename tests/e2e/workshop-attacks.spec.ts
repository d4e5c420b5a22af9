import path from "node:path";
import { startAttacker } from "../../scripts/workshop/attacker.mjs";
import { addToCart, ALICE, baseURL, DATABASE_FILE, expectSignedIn, placeOrder, sessionCookie, signIn, submitSignIn } from "./helpers";
import { expect, test, type Page } from "./fixtures";

// The workshop's attacker site (npm run workshop), each page run for real in Chromium from
// its own cross-site origin (http://127.0.0.1:<E2E_PORT + 1000>) against the intact shop:
// every attack must be refused, and the page must say so. docs/workshop.md tells which lab
// turns which of these verdicts into "Worked".

const ATTACKER_PORT = Number(process.env.E2E_PORT ?? 3100) + 1000;
let attacker: Awaited<ReturnType<typeof startAttacker>>;

test.beforeAll(async () => {
  attacker = await startAttacker({
    shopUrl: baseURL(),
    attackerPort: ATTACKER_PORT,
    siblingPort: ATTACKER_PORT + 1,
    databaseFile: DATABASE_FILE,
    logFile: path.join(path.dirname(DATABASE_FILE), "server.log"),
  });
});
test.afterAll(async () => attacker?.close());

const attackerPage = (page: Page, route: string) => page.goto(`${attacker.url}${route}`);

async function expectRefused(page: Page, words: string | RegExp): Promise<void> {
  const outcome = page.getByRole("status");
  await expect(outcome).toHaveAttribute("data-outcome", "refused", { timeout: 15_000 });
  await expect(outcome).toContainText(words);
}

test("CSRF: the hidden sign-out post from the attacker's site is refused with 403, and the victim stays signed in", async ({ page }) => {
  await signIn(page, ALICE.email, ALICE.password);
  await attackerPage(page, "/csrf");
  await expectRefused(page, "Refused: the shop refused the cross-site post: 403");
  await page.goto(baseURL());
  await expectSignedIn(page);
});

test("login CSRF: the forged sign-in as the attacker's account is refused", async ({ page }) => {
  await attackerPage(page, "/login-csrf");
  const [popup] = await Promise.all([page.waitForEvent("popup"), page.getByRole("button", { name: "Claim your free gift" }).click()]);
  await expect(popup.getByText("Cross-site request refused.")).toBeVisible();
  await expectRefused(page, "Refused: the shop refused the cross-site post: 403");
});

test("clickjacking: the browser will not show the shop in the attacker's frame", async ({ page }) => {
  await signIn(page, ALICE.email, ALICE.password);
  await attackerPage(page, "/clickjacking");
  await expectRefused(page, "X-Frame-Options: DENY");
  await expect(page.frameLocator("iframe").getByRole("heading", { name: "Active sessions" })).toHaveCount(0);
});

test("fixation: a token planted from a sibling port before sign-in opens nothing after it", async ({ page, context }) => {
  await attackerPage(page, "/fixation");
  await page.getByRole("button", { name: "1. Prepare a token" }).click();
  await expect(page.getByRole("status")).toContainText("Planted: the token is still a live guest session");
  const [shop] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: "2. Plant it" }).click()]);
  await expect(shop).toHaveURL(/\/login$/);
  // The sibling's cookie reached the shop's jar: the browser holds a session cookie it never got from the shop.
  const planted = await sessionCookie(context);
  expect(planted?.value).toBeTruthy();

  await submitSignIn(shop, ALICE.email, ALICE.password);
  await expectSignedIn(shop);
  expect((await sessionCookie(context))?.value).not.toBe(planted?.value);
  await expectRefused(page, "Refused: the token is dead");
});

test("cookie theft: the injected script finds no session token to send home", async ({ page }) => {
  await attackerPage(page, "/collector");
  const payload = await page.locator("#payload").textContent();
  await signIn(page, ALICE.email, ALICE.password);
  await Promise.all([page.waitForURL(`${attacker.url}/collector`), page.evaluate(payload!)]);
  await expectRefused(page, "Refused: the script got nothing that opens the account");
});

test("open redirect: signing in through the attacker's link stays on the shop", async ({ page }) => {
  await attackerPage(page, "/redirect");
  const [shop] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: "Sign in to Larkspur Goods" }).click()]);
  await submitSignIn(shop, ALICE.email, ALICE.password);
  await expectSignedIn(shop);
  expect(new URL(shop.url()).origin).toBe(new URL(baseURL()).origin);
  await expectRefused(page, "the shop kept them on its own pages");
});

test("replay: a token copied before the password was confirmed is dead after it", async ({ page, context }) => {
  await signIn(page, ALICE.email, ALICE.password);
  const copied = (await sessionCookie(context))!.value;
  await page.goto("/account/confirm?next=/account/security");
  await page.getByLabel("Password", { exact: true }).fill(ALICE.password);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("heading", { name: "Security", exact: true })).toBeVisible();

  await attackerPage(page, "/replay");
  await page.getByLabel("Stolen token").fill(copied);
  await page.getByRole("button", { name: "Replay" }).click();
  await expectRefused(page, "Refused: the token is dead");
});

test("replay: the live token presented by another browser is revoked", async ({ page, context }) => {
  await signIn(page, ALICE.email, ALICE.password);
  const stolen = (await sessionCookie(context))!.value;
  await attackerPage(page, "/replay");
  await page.getByLabel("Stolen token").fill(stolen);
  await page.getByLabel("the attacker's own browser (another user agent)").check();
  await page.getByRole("button", { name: "Replay" }).click();
  await expectRefused(page, "because another browser presented it");
});

// Last: it leaves alice's account blocked for strangers for a few seconds.
test("stolen database: the ids of alice's sessions, presented as cookies, open nothing", async ({ page }) => {
  await signIn(page, ALICE.email, ALICE.password);
  await attackerPage(page, "/stolen-database");
  await page.getByRole("button", { name: "Try the stolen rows" }).click();
  await expectRefused(page, "each id is the SHA-256 of a token, not the token");
  await expect(page.getByRole("listitem").first()).toHaveText(/^Session\.id [0-9a-f]{64}$/);
  await page.goto(baseURL());
  await expectSignedIn(page);
});

test("someone else's order: the attacker's own account gets a 404 for alice's order", async ({ page }) => {
  await signIn(page, ALICE.email, ALICE.password);
  await addToCart(page, "ceramic-mug");
  await page.goto(`${baseURL()}/checkout`);
  await placeOrder(page);
  await attackerPage(page, "/orders");
  await page.getByRole("button", { name: "Open alice's order as the attacker" }).click();
  await expectRefused(page, "Refused: the shop answered 404 to the attacker's account");
});

test("guessing: the throttle turns away even the right password once it has said Too many attempts", async ({ page }) => {
  await attackerPage(page, "/guessing");
  await page.getByRole("button", { name: "Start guessing" }).click();
  await expectRefused(page, /Refused: from guess \d on the shop answered "Too many attempts"/);
  await expect(page.getByRole("listitem").last()).toHaveText(/^the right password: Too many attempts/);
});
