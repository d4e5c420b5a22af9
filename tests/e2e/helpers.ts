import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect, test, type APIResponse, type Browser, type BrowserContext, type Cookie, type Page } from "@playwright/test";

// Small steps shared by the end-to-end specs. They drive the app the way a person does,
// through the labels and buttons of the contract in docs/architecture.md (its section
// "Contract"), so a spec reads as a story: register, add to cart, sign in on a second
// device, revoke it.

/** The session cookie's name over plain HTTP (over HTTPS it would be `__Host-shop_session`). */
export const SESSION_COOKIE = "shop_session";

/** The shape of every token the app mints: 32 random bytes in base64url. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Long enough, short enough and not on any common-password list. */
export const TEST_PASSWORD = "e2e plum kettle 73 harbour";

export const ALICE = { name: "Alice", email: "alice@example.com", password: "wonderland-demo-42" } as const;

/** The database file the e2e server (scripts/e2e-server.mjs) creates fresh for each run. */
export const DATABASE_FILE = process.env.E2E_DATABASE_FILE ?? fileURLToPath(new URL("../../.tmp/e2e/shop.db", import.meta.url));

export type TestUser = { name: string; email: string; password: string };

export function uniqueId(): string {
  return `${Date.now()}-${randomBytes(4).toString("hex")}`;
}

export function uniqueEmail(): string {
  return `e2e-${uniqueId()}@example.test`;
}

/** A second (third, ...) device: a browser context with its own cookie jar. */
export async function newDevice(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  // The project's own settings, which browser.newContext() does not inherit: the cluster
  // project's self-signed certificate.
  const context = await browser.newContext({ baseURL: baseURL(), ignoreHTTPSErrors: test.info().project.use.ignoreHTTPSErrors });
  const page = await context.newPage();
  return { context, page };
}

export function baseURL(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("playwright.config.ts must set use.baseURL");
  return url;
}

/** Creates a new account through /register; the page ends signed in as that user. */
export async function registerNewUser(page: Page, overrides: Partial<TestUser> = {}): Promise<TestUser> {
  const id = uniqueId();
  const user: TestUser = { name: `Tester ${id.slice(-8)}`, email: `e2e-${id}@example.test`, password: TEST_PASSWORD, ...overrides };
  await page.goto("/register");
  await page.getByLabel("Name", { exact: true }).fill(user.name);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectSignedIn(page);
  return user;
}

/** Fills and submits the sign-in form on the current /login page (keeps its ?next=). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens /login, signs in and waits until the app shows the signed-in header. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await submitSignIn(page, email, password);
  await expect(page).not.toHaveURL(/\/login/);
  await expectSignedIn(page);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expectSignedOut(page);
}

export async function expectSignedIn(page: Page): Promise<void> {
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** What an anonymous visitor sees in the header: a Sign in link and no Sign out button. */
export async function expectSignedOut(page: Page): Promise<void> {
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
}

/** Opens the product page and presses Add to cart, waiting until the app confirms it. */
export async function addToCart(page: Page, slug: string): Promise<void> {
  await page.goto(`/products/${slug}`);
  const posted = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === `/products/${slug}`,
  );
  await page.getByRole("button", { name: "Add to cart" }).click();
  expect((await posted).status()).toBeLessThan(400);
  await expect(page.getByRole("status").filter({ hasText: /added|cart/i })).toBeVisible();
}

/** Fills the shipping form on /checkout and places the order; returns the new order's URL. */
export async function placeOrder(page: Page, address: Partial<ShippingAddress> = {}): Promise<string> {
  await fillShippingAddress(page, address);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\/[^/?#]+$/);
  return page.url();
}

export type ShippingAddress = { name: string; line1: string; city: string; postalCode: string; country: string };

export async function fillShippingAddress(page: Page, address: Partial<ShippingAddress> = {}): Promise<ShippingAddress> {
  const filled: ShippingAddress = {
    name: "Ada Tester",
    line1: "12 Test Street",
    city: "Springfield",
    postalCode: "12345",
    country: "Freedonia",
    ...address,
  };
  await page.getByLabel("Full name").fill(filled.name);
  await page.getByLabel("Address line 1").fill(filled.line1);
  await page.getByLabel("City").fill(filled.city);
  await page.getByLabel("Postal code").fill(filled.postalCode);
  await page.getByLabel("Country").fill(filled.country);
  return filled;
}

/** The session cookie as the browser holds it (`__Host-` prefixed over HTTPS), or undefined. */
export async function sessionCookie(context: BrowserContext): Promise<Cookie | undefined> {
  return (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE || cookie.name === `__Host-${SESSION_COOKIE}`);
}

export async function sessionToken(context: BrowserContext): Promise<string> {
  const cookie = await sessionCookie(context);
  expect(cookie, "the browser should hold a session cookie").toBeDefined();
  return cookie!.value;
}

/** Puts a session cookie into a context, as an attacker with a copied or planted token would. */
export async function plantSessionCookie(context: BrowserContext, value: string): Promise<void> {
  await context.addCookies([{ name: SESSION_COOKIE, value, url: baseURL(), httpOnly: true, sameSite: "Lax" }]);
  // A cookie jar silently drops values it refuses; a test built on a cookie that was never
  // sent would pass for the wrong reason.
  expect((await sessionCookie(context))?.value, "the planted cookie is in the browser").toBe(value);
}

/** What /api/auth/session answers for a signed-in user; the tests check every field. */
export type AuthSession = { user?: { id?: string; name?: string; email?: string }; expires?: string };

/** GET /api/auth/session with the context's cookies; returns the parsed JSON (null when anonymous). */
export async function authSession(context: BrowserContext): Promise<AuthSession | null> {
  const response = await context.request.get("/api/auth/session");
  expect(response.status()).toBe(200);
  return (await response.json()) as AuthSession | null;
}

/** A signed-in page the contract protects: an anonymous visit must end on /login. */
export async function expectSentToLogin(page: Page, path = "/orders"): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(path).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
}

/** Opens /account/sessions, which always lists the current session as "This device". */
export async function openSessionsPage(page: Page): Promise<void> {
  await page.goto("/account/sessions");
  await expect(page.getByRole("heading", { name: "Active sessions" })).toBeVisible();
  await expect(page.getByText("This device", { exact: true })).toHaveCount(1);
}

/** Sessions other than this one: every other row has a Revoke button. */
export async function otherSessionCount(page: Page): Promise<number> {
  return page.getByRole("button", { name: "Revoke" }).count();
}

/**
 * Every field of the form a button submits, as the browser would send it when that button
 * is pressed: React's hidden fields included, and the button's own name and value (a cart
 * line's form sends intent=update or intent=remove, by the button pressed).
 */
export async function formFieldsOf(page: Page, buttonName: string): Promise<Record<string, string>> {
  return page.getByRole("button", { name: buttonName }).first().evaluate((button) => {
    const form = (button as HTMLButtonElement).form;
    if (!form) throw new Error("button has no form");
    const fields: Record<string, string> = {};
    for (const [name, value] of new FormData(form, button as HTMLButtonElement)) if (typeof value === "string") fields[name] = value;
    return fields;
  });
}

export function expectNoServerError(response: APIResponse | null, what: string): void {
  expect(response, `${what}: no response`).not.toBeNull();
  expect(response!.status(), `${what}: status ${response!.status()}`).toBeLessThan(500);
}

/** Direct access to the e2e database, for what no user can do: make time pass. */
export function openDatabase(): Database.Database {
  const db = new Database(DATABASE_FILE, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  return db;
}
