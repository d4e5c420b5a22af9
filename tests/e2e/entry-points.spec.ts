import { expect, test, type APIRequestContext } from "./fixtures";
import { addToCart, baseURL, fillShippingAddress, formFieldsOf, newDevice, openDatabase, openSessionsPage, registerNewUser, signIn } from "./helpers";

// proxy.ts is a first gate, never the only one. It redirects anonymous GETs of signed-in
// pages, but a page also answers HEAD and POST, and every server action is a POST that
// proxy lets through to the code behind it. Each of those entry points must check the
// session itself: here they are called with no session, or a guest one, and must send the
// visitor to sign in without running anything (a page or action that trusted proxy would
// crash on the missing user and answer 500, or act for nobody).

const origin = () => ({ Origin: new URL(baseURL()).origin });

function count(table: "Order" | "Session"): number {
  const db = openDatabase();
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function anonymous(playwright: { request: { newContext(options: { baseURL: string }): Promise<APIRequestContext> } }) {
  return playwright.request.newContext({ baseURL: baseURL() });
}

function expectSentToSignIn(response: { status(): number; headers(): Record<string, string> }, path: string): void {
  expect(response.status(), `${path}: status`).toBeGreaterThanOrEqual(300);
  expect(response.status(), `${path}: status`).toBeLessThan(400);
  expect(response.headers()["location"], `${path}: Location`).toContain(`/login?next=${encodeURIComponent(path)}`);
}

test("signed-in pages answer HEAD and POST from an anonymous visitor with a trip to sign in", async ({ playwright }) => {
  const request = await anonymous(playwright);
  for (const path of ["/orders", "/checkout", "/account/sessions"]) {
    // proxy redirects only GET; these methods reach the page itself.
    expectSentToSignIn(await request.head(path, { maxRedirects: 0 }), path);
    expectSentToSignIn(await request.post(path, { headers: origin(), form: { anything: "1" }, maxRedirects: 0 }), path);
  }
  await request.dispose();
});

test("the Place order action run by an anonymous visitor or a guest places nothing", async ({ browser, playwright }) => {
  // A real, complete checkout form, taken from a signed-in shopper's page.
  const shopper = await newDevice(browser);
  await registerNewUser(shopper.page);
  await addToCart(shopper.page, "ceramic-mug");
  await shopper.page.goto("/checkout");
  await fillShippingAddress(shopper.page);
  const checkoutForm = await formFieldsOf(shopper.page, "Place order");

  // A guest: a real session cookie, but no user behind it.
  const guest = await newDevice(browser);
  await addToCart(guest.page, "ceramic-mug");

  const ordersBefore = count("Order");
  const request = await anonymous(playwright);
  for (const [who, post] of [
    ["anonymous", (fields: Record<string, string>) => request.post("/checkout", { headers: origin(), multipart: fields, maxRedirects: 0 })],
    ["guest", (fields: Record<string, string>) => guest.context.request.post("/checkout", { headers: origin(), multipart: fields, maxRedirects: 0 })],
  ] as const) {
    const response = await post({ ...checkoutForm, idempotencyKey: crypto.randomUUID() });
    expect(response.status(), `${who}: no server error`).toBeLessThan(500);
    expectSentToSignIn(response, "/checkout");
  }
  expect(count("Order")).toBe(ordersBefore);

  // Control: the same form from the shopper's own session does place the order.
  const placed = await shopper.context.request.post("/checkout", { headers: origin(), multipart: checkoutForm, maxRedirects: 0 });
  expect(placed.status()).toBeLessThan(400);
  expect(count("Order")).toBe(ordersBefore + 1);
  await request.dispose();
  await shopper.context.close();
  await guest.context.close();
});

test("the session actions run by an anonymous visitor revoke nothing", async ({ browser, page, playwright }) => {
  const user = await registerNewUser(page);
  const laptop = await newDevice(browser);
  await signIn(laptop.page, user.email, user.password);
  await openSessionsPage(page);
  const revokeForm = await formFieldsOf(page, "Revoke");
  const revokeOthersForm = await formFieldsOf(page, "Sign out all other sessions");

  const sessionsBefore = count("Session");
  const request = await anonymous(playwright);
  for (const form of [revokeForm, revokeOthersForm]) {
    const response = await request.post("/account/sessions", { headers: origin(), multipart: form, maxRedirects: 0 });
    expect(response.status()).toBeLessThan(500);
    expectSentToSignIn(response, "/account/sessions");
  }
  expect(count("Session")).toBe(sessionsBefore);
  await openSessionsPage(page);
  await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(1);
  await request.dispose();
  await laptop.context.close();
});
