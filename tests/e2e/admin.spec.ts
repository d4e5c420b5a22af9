import { createHash } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type Browser, type Page } from "./fixtures";
import { actionIdOf } from "./actions";
import {
  addToCart,
  baseURL,
  expectSignedIn,
  expectSignedOut,
  newDevice,
  openDatabase,
  placeOrder,
  registerNewUser,
  sessionToken,
  signIn,
  submitSignIn,
  type TestUser,
} from "./helpers";

// The admin area: only an ADMIN who proved who they are recently gets in; everyone else
// gets the 404 page, on every page and every action. Changing a user's role or disabling
// them signs them out on every device at once. Each test makes its own users; the demo
// admin (prisma/seed.ts) does the admin's part through the pages, as a person would.

const DEMO_ADMIN = { email: "admin@example.com", password: "admin-demo-password-77" };
const SUNGLASSES = { slug: "tortoise-sunglasses", name: "Tortoiseshell Sunglasses" };

const ADMIN_PAGES = ["/admin", "/admin/users", "/admin/users?q=example", "/admin/products", "/admin/orders"];

/** Every server action of the admin area, and a page it can be posted to. */
const ADMIN_ACTIONS = {
  changeRoleAction: "/admin/users/x",
  setAccountStatusAction: "/admin/users/x",
  signOutEverywhereAction: "/admin/users/x",
  revokeUserSessionAction: "/admin/users/x",
  saveProductAction: "/admin/products",
  changeOrderStatusAction: "/admin/orders",
} as const;

type AdminAction = keyof typeof ADMIN_ACTIONS;

function query<T>(sql: string, ...params: unknown[]): T {
  const db = openDatabase();
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

function run(sql: string, ...params: unknown[]): number {
  const db = openDatabase();
  try {
    return db.prepare(sql).run(...params).changes;
  } finally {
    db.close();
  }
}

const userIdOf = (email: string) => query<{ id: string }>(`SELECT id FROM "User" WHERE email = ?`, email).id;
const userRowOf = (email: string) => query<{ role: string; disabled: number }>(`SELECT role, disabledAt IS NOT NULL AS disabled FROM "User" WHERE email = ?`, email);
const sessionCountOf = (email: string) =>
  query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Session" s JOIN "User" u ON u.id = s.userId WHERE u.email = ?`, email).n;
const product = (slug: string) => query<{ id: string; priceCents: number; stock: number }>(`SELECT id, priceCents, stock FROM "Product" WHERE slug = ?`, slug);

/**
 * Posts a server action the way React 19 does from a useActionState form: the Next-Action
 * header, and a body whose part "0" lists the arguments (the previous state, then `$K1`,
 * the form) and whose parts named `_1_<field>` are that form's fields.
 */
function postAction(client: APIRequestContext, name: AdminAction, fields: Record<string, string>): Promise<APIResponse> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(`_1_${key}`, value);
  form.set("0", '[null,"$K1"]');
  return client.post(ADMIN_ACTIONS[name], {
    headers: { "Next-Action": actionIdOf(name), Origin: new URL(baseURL()).origin },
    multipart: form,
    maxRedirects: 0,
  });
}

async function expectNotFoundPage(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn’t find that page" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Admin" })).toHaveCount(0);
}

/** The demo admin, signed in on a device of its own. */
async function adminDevice(browser: Browser) {
  const device = await newDevice(browser);
  await signIn(device.page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  return device;
}

/** Opens a user's admin page the way an admin finds it: search by email, follow the link. */
async function openUser(page: Page, user: TestUser): Promise<void> {
  await page.goto("/admin");
  await page.getByRole("link", { name: "Users" }).first().click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await page.getByLabel("Search").fill(user.email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 user matching" })).toBeVisible();
  await page.getByRole("link", { name: user.email }).click();
  await expect(page.getByRole("heading", { name: user.name, level: 1 })).toBeVisible();
}

async function pressAndExpect(page: Page, button: string, message: string): Promise<void> {
  await page.getByRole("button", { name: button }).click();
  await expect(page.getByRole("status").filter({ hasText: message })).toBeVisible();
}

test("a customer gets the 404 page on every admin path, and every admin action posted directly does nothing", async ({ browser, context, page }) => {
  const customer = await registerNewUser(page);
  const victim = await newDevice(browser);
  const victimUser = await registerNewUser(victim.page);
  await addToCart(page, "ceramic-mug");
  await page.goto("/checkout");
  const orderId = new URL(await placeOrder(page)).pathname.split("/").at(-1)!;
  const victimSession = query<{ id: string }>(`SELECT s.id FROM "Session" s JOIN "User" u ON u.id = s.userId WHERE u.email = ?`, victimUser.email).id;
  const sunglasses = product(SUNGLASSES.slug);

  await expect(page.getByRole("banner").getByRole("link", { name: "Admin" })).toHaveCount(0);
  for (const path of [...ADMIN_PAGES, `/admin/users/${userIdOf(customer.email)}`, `/admin/users/${userIdOf(victimUser.email)}`, "/admin/users/nope", "/admin/anything"]) {
    await expectNotFoundPage(page, path);
  }

  // Real ids, real values: the customer tries to make themselves an admin, and to act on
  // another user, a product and their own order.
  const attempts: [AdminAction, Record<string, string>][] = [
    ["changeRoleAction", { userId: userIdOf(customer.email), role: "ADMIN" }],
    ["setAccountStatusAction", { userId: userIdOf(victimUser.email), status: "disabled" }],
    ["signOutEverywhereAction", { userId: userIdOf(victimUser.email) }],
    ["revokeUserSessionAction", { userId: userIdOf(victimUser.email), sessionId: victimSession }],
    ["saveProductAction", { productId: sunglasses.id, price: "0.01", stock: "0", stockShown: String(sunglasses.stock) }],
    ["changeOrderStatusAction", { orderId, status: "CANCELLED" }],
  ];
  for (const [name, fields] of attempts) {
    expect((await postAction(context.request, name, fields)).status(), name).toBe(404);
  }

  expect(userRowOf(customer.email)).toEqual({ role: "CUSTOMER", disabled: 0 });
  expect(userRowOf(victimUser.email)).toEqual({ role: "CUSTOMER", disabled: 0 });
  expect(sessionCountOf(victimUser.email)).toBe(1);
  expect(product(SUNGLASSES.slug)).toEqual(sunglasses);
  expect(query<{ status: string }>(`SELECT status FROM "Order" WHERE id = ?`, orderId).status).toBe("PLACED");
  await victim.page.reload();
  await expectSignedIn(victim.page);

  // Control: the very same requests from an admin do what they say, so the customer's 404s
  // came from who sent them, not from a malformed request.
  const admin = await adminDevice(browser);
  for (const [name, fields] of attempts) {
    expect((await postAction(admin.context.request, name, fields)).status(), `admin: ${name}`).toBe(200);
  }
  expect(userRowOf(customer.email)).toEqual({ role: "ADMIN", disabled: 0 });
  expect(userRowOf(victimUser.email)).toEqual({ role: "CUSTOMER", disabled: 1 });
  expect(sessionCountOf(victimUser.email)).toBe(0);
  expect(product(SUNGLASSES.slug)).toEqual({ ...sunglasses, priceCents: 1, stock: 0 });
  expect(query<{ status: string }>(`SELECT status FROM "Order" WHERE id = ?`, orderId).status).toBe("CANCELLED");
  // Put the catalog back as the seed had it, for the specs that run after this one.
  const restore = { productId: sunglasses.id, price: (sunglasses.priceCents / 100).toFixed(2), stock: String(sunglasses.stock), stockShown: "0" };
  await postAction(admin.context.request, "saveProductAction", restore);
  expect(product(SUNGLASSES.slug)).toEqual(sunglasses);
  await victim.context.close();
  await admin.context.close();
});

test("an anonymous visitor gets the 404 page on every admin path and action, not a trip to sign in", async ({ page, playwright }) => {
  for (const path of [...ADMIN_PAGES, `/admin/users/${userIdOf(DEMO_ADMIN.email)}`]) await expectNotFoundPage(page, path);

  const anonymous = await playwright.request.newContext({ baseURL: baseURL() });
  for (const path of ADMIN_PAGES) {
    expect((await anonymous.head(path, { maxRedirects: 0 })).status(), `HEAD ${path}`).toBe(404);
  }
  for (const name of Object.keys(ADMIN_ACTIONS) as AdminAction[]) {
    expect((await postAction(anonymous, name, { userId: userIdOf(DEMO_ADMIN.email), role: "CUSTOMER", status: "disabled" })).status(), name).toBe(404);
  }
  expect(userRowOf(DEMO_ADMIN.email)).toEqual({ role: "ADMIN", disabled: 0 });
  await anonymous.dispose();
});

/** What an admin action could change, read straight from the database. */
function snapshot(): string {
  const db = openDatabase();
  try {
    return JSON.stringify({
      users: db.prepare(`SELECT id, role, disabledAt FROM "User" ORDER BY id`).all(),
      sessions: db.prepare(`SELECT id FROM "Session" ORDER BY id`).all(),
      products: db.prepare(`SELECT id, priceCents, stock FROM "Product" ORDER BY id`).all(),
      orders: db.prepare(`SELECT id, status FROM "Order" ORDER BY id`).all(),
    });
  } finally {
    db.close();
  }
}

test("forged ids, malformed and oversized input get a message or a 404 from the admin area, never a 500 or a change", async ({ browser }) => {
  const admin = await adminDevice(browser);
  const client = admin.context.request;
  const huge = "9".repeat(100_000);
  const forged = ["", "nope", "../../etc/passwd", "' OR 1=1 --", "x".repeat(5000), "c0000000000000000000000000"];
  const before = snapshot();

  for (const name of Object.keys(ADMIN_ACTIONS) as AdminAction[]) {
    // No arguments at all: the action's form is missing.
    const empty = await client.post(ADMIN_ACTIONS[name], {
      headers: { "Next-Action": actionIdOf(name), Origin: new URL(baseURL()).origin, "Content-Type": "text/plain;charset=UTF-8" },
      data: "[]",
      maxRedirects: 0,
    });
    expect(empty.status(), `${name} with no arguments`).toBe(200);
    expect(await empty.text()).toContain("This form could not be read.");
    for (const id of forged) {
      const fields = { userId: id, sessionId: id, productId: id, orderId: id, role: id, status: id, price: huge, stock: huge, stockShown: id };
      const response = await postAction(client, name, fields);
      expect(response.status(), `${name} ${id.slice(0, 20)}`).toBe(200);
    }
  }
  const oversized = await postAction(client, "saveProductAction", { productId: product(SUNGLASSES.slug).id, price: huge, stock: huge, stockShown: "0" });
  expect(await oversized.text()).toContain("The price can be at most $100,000.00.");
  expect(snapshot(), "nothing changed").toBe(before);

  for (const path of ["/admin/users/nope", `/admin/users/${"x".repeat(5000)}`, "/admin/users/%27%20OR%201%3D1--", "/admin/users/c0000000000000000000000000"]) {
    expect((await client.get(path)).status(), path.slice(0, 40)).toBe(404);
  }
  const page = admin.page;
  await page.goto(`/admin/users?q=${"a".repeat(300)}`);
  await expect(page.getByRole("status").filter({ hasText: "Search for at most 254 characters." })).toBeVisible();
  await page.goto("/admin/users?q=a&q=b");
  await expect(page.getByRole("status").filter({ hasText: "Search for one email address at a time." })).toBeVisible();
  await page.goto(`/admin/users?q=${encodeURIComponent("%_")}`);
  await expect(page.getByRole("status").filter({ hasText: "0 users matching" })).toBeVisible();
  await admin.context.close();
});

test("an admin whose sign-in is older than the sudo window is sent to confirm it's them, and their actions wait", async ({ browser }) => {
  const admin = await adminDevice(browser);
  const target = await newDevice(browser);
  const targetUser = await registerNewUser(target.page);
  // The session row's id is the SHA-256 of the cookie's token.
  const sessionId = createHash("sha256").update(await sessionToken(admin.context)).digest("hex");
  // The last proof of identity, moved an hour into the past.
  const anHourAgo = new Date(Date.now() - 3_600_000).toISOString().replace("Z", "+00:00");
  expect(run(`UPDATE "Session" SET authenticatedAt = ? WHERE id = ?`, anHourAgo, sessionId)).toBe(1);

  for (const path of ["/admin", "/admin/users?q=example", "/admin/products"]) {
    const response = await admin.context.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers()["location"], path).toBe(`/account/confirm?next=${encodeURIComponent(path)}`);
  }
  const userId = userIdOf(targetUser.email);
  const response = await postAction(admin.context.request, "changeRoleAction", { userId, role: "ADMIN" });
  expect(response.headers()["x-action-redirect"]).toBe(`/account/confirm?next=${encodeURIComponent(`/admin/users/${userId}`)};push`);
  expect(userRowOf(targetUser.email).role).toBe("CUSTOMER");
  expect(sessionCountOf(targetUser.email)).toBe(1);

  // Control: with a fresh proof of identity, the same request goes through.
  expect(run(`UPDATE "Session" SET authenticatedAt = ? WHERE id = ?`, new Date().toISOString().replace("Z", "+00:00"), sessionId)).toBe(1);
  expect((await postAction(admin.context.request, "changeRoleAction", { userId, role: "ADMIN" })).status()).toBe(200);
  expect(userRowOf(targetUser.email).role).toBe("ADMIN");
  expect(sessionCountOf(targetUser.email)).toBe(0);
  await admin.context.close();
  await target.context.close();
});

test("a demoted admin's other device gets a 404 on /admin at its next request, signed out", async ({ browser, page }) => {
  const staff = await registerNewUser(page);
  expect(run(`UPDATE "User" SET role = 'ADMIN' WHERE email = ?`, staff.email)).toBe(1);
  const laptop = await newDevice(browser);
  await signIn(laptop.page, staff.email, staff.password);
  await laptop.page.getByRole("banner").getByRole("link", { name: "Admin" }).click();
  await expect(laptop.page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();

  const admin = await adminDevice(browser);
  await openUser(admin.page, staff);
  await pressAndExpect(admin.page, "Make customer", `${staff.name} is now a customer. Their 2 sessions were signed out.`);
  await expect(admin.page.getByRole("button", { name: "Make admin" })).toBeVisible();
  expect(userRowOf(staff.email).role).toBe("CUSTOMER");

  await expectNotFoundPage(laptop.page, "/admin");
  await expectSignedOut(laptop.page);
  await page.reload();
  await expectSignedOut(page);
  expect(sessionCountOf(staff.email)).toBe(0);
  await laptop.context.close();
  await admin.context.close();
});

test("an admin who makes themselves a customer, while another admin remains, is signed out at once", async ({ page }) => {
  const staff = await registerNewUser(page);
  expect(run(`UPDATE "User" SET role = 'ADMIN' WHERE email = ?`, staff.email)).toBe(1);
  await openUser(page, staff);

  await page.getByRole("button", { name: "Make customer" }).click();
  await expect(page).toHaveURL(new URL("/", baseURL()).href);
  await expectSignedOut(page);
  expect(userRowOf(staff.email).role).toBe("CUSTOMER");
  expect(sessionCountOf(staff.email)).toBe(0);
  await expectNotFoundPage(page, "/admin");
});

test("a promoted customer's devices are signed out, and after signing in again they reach /admin", async ({ browser, page }) => {
  const customer = await registerNewUser(page);
  const phone = await newDevice(browser);
  await signIn(phone.page, customer.email, customer.password);
  await expectNotFoundPage(page, "/admin");

  const admin = await adminDevice(browser);
  await openUser(admin.page, customer);
  await pressAndExpect(admin.page, "Make admin", `${customer.name} is now an admin. Their 2 sessions were signed out.`);
  expect(userRowOf(customer.email).role).toBe("ADMIN");

  for (const device of [page, phone.page]) {
    await device.reload();
    await expectSignedOut(device);
    await expect(device.getByRole("banner").getByRole("link", { name: "Admin" })).toHaveCount(0);
  }

  await page.goto("/login?next=%2Fadmin");
  await submitSignIn(page, customer.email, customer.password);
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Admin" })).toBeVisible();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await phone.context.close();
  await admin.context.close();
});

test("a disabled user's devices are signed out and their sign-in fails with the generic message, until enabled", async ({ browser, page }) => {
  const customer = await registerNewUser(page);
  const phone = await newDevice(browser);
  await signIn(phone.page, customer.email, customer.password);

  const admin = await adminDevice(browser);
  await openUser(admin.page, customer);
  await pressAndExpect(admin.page, "Disable account", `${customer.name}'s account is disabled. Their 2 sessions were signed out.`);
  await expect(admin.page.getByText("Disabled", { exact: true })).toBeVisible();

  for (const device of [page, phone.page]) {
    await device.reload();
    await expectSignedOut(device);
  }
  await page.goto("/login");
  await submitSignIn(page, customer.email, customer.password);
  await expect(page.getByText("Incorrect email or password.")).toBeVisible();
  await expectSignedOut(page);
  expect(sessionCountOf(customer.email)).toBe(0);

  await pressAndExpect(admin.page, "Enable account", `${customer.name}'s account is enabled. They can sign in again.`);
  await signIn(page, customer.email, customer.password);
  await phone.context.close();
  await admin.context.close();
});

test("an admin revokes one session of a user: that device is signed out at its next request, the other stays", async ({ browser, page }) => {
  const customer = await registerNewUser(page);
  const firefox = await browser.newContext({
    baseURL: baseURL(),
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0",
  });
  const otherPage = await firefox.newPage();
  await signIn(otherPage, customer.email, customer.password);

  const admin = await adminDevice(browser);
  await openUser(admin.page, customer);
  const sessions = admin.page.getByRole("list", { name: "Sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(2);
  await sessions.getByRole("listitem").filter({ hasText: "Firefox 140 on Windows" }).getByRole("button", { name: "Revoke" }).click();
  await expect(admin.page.getByRole("status").filter({ hasText: `Session revoked. ${customer.name} is signed out on that device.` })).toBeVisible();
  await expect(sessions.getByRole("listitem")).toHaveCount(1);

  await otherPage.reload();
  await expectSignedOut(otherPage);
  await page.reload();
  await expectSignedIn(page);

  await pressAndExpect(admin.page, "Sign out everywhere", `${customer.name} was signed out everywhere. Their 1 session was signed out.`);
  await page.reload();
  await expectSignedOut(page);
  await firefox.close();
  await admin.context.close();
});

test("price and stock edits with bad values show a field message and change nothing; good ones are saved", async ({ browser }) => {
  const admin = await adminDevice(browser);
  const before = product(SUNGLASSES.slug);
  await admin.page.goto("/admin/products");
  await expect(admin.page.getByRole("heading", { name: "Products", level: 1 })).toBeVisible();
  const row = admin.page.getByRole("listitem").filter({ has: admin.page.getByRole("heading", { name: SUNGLASSES.name }) });
  const price = row.getByLabel("Price");
  const stock = row.getByLabel("Stock");

  const cases = [
    { price: "-5", stock: "3", field: price, message: "The price cannot be negative." },
    { price: "100000.01", stock: "3", field: price, message: "The price can be at most $100,000.00." },
    { price: "12.505", stock: "3", field: price, message: "Enter the price in dollars, like 12.50." },
    { price: "12.50", stock: "-1", field: stock, message: "Stock cannot be negative." },
    { price: "12.50", stock: "2.5", field: stock, message: "Stock must be a whole number." },
    { price: "12.50", stock: "1000001", field: stock, message: "Stock can be at most 1,000,000." },
  ];
  for (const bad of cases) {
    await price.fill(bad.price);
    await stock.fill(bad.stock);
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByRole("status")).toHaveText("Nothing was saved. Correct the highlighted fields.");
    await expect(row.getByText(bad.message)).toBeVisible();
    await expect(bad.field).toHaveAttribute("aria-invalid", "true");
    // What the admin typed stays in the field, next to its message.
    await expect(price).toHaveValue(bad.price);
    expect(product(SUNGLASSES.slug)).toEqual(before);
  }

  await price.fill("12.5");
  await stock.fill(String(before.stock + 1));
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText(`${SUNGLASSES.name} saved: $12.50, ${before.stock + 1} in stock.`);
  expect(product(SUNGLASSES.slug)).toEqual({ ...before, priceCents: 1250, stock: before.stock + 1 });
  await expect(price).toHaveValue("12.50");
  await expect(price).not.toHaveAttribute("aria-invalid");

  // Put the catalog back as the seed had it, for the specs that run after this one.
  await price.fill((before.priceCents / 100).toFixed(2));
  await stock.fill(String(before.stock));
  await row.getByRole("button", { name: "Save" }).click();
  // The whole answer: "saved" alone is already on screen from the save before this one.
  await expect(row.getByRole("status")).toHaveText(`${SUNGLASSES.name} saved: $${(before.priceCents / 100).toFixed(2)}, ${before.stock} in stock.`);
  expect(product(SUNGLASSES.slug)).toEqual(before);
  await admin.context.close();
});

test("an admin ships or cancels an order, and a cancellation puts the stock back", async ({ browser, page }) => {
  await registerNewUser(page);
  await addToCart(page, "linen-tote-bag");
  const stockBefore = product("linen-tote-bag").stock;
  await page.goto("/checkout");
  const orderId = new URL(await placeOrder(page)).pathname.split("/").at(-1)!;
  expect(product("linen-tote-bag").stock).toBe(stockBefore - 1);
  const number = `#${orderId.slice(-8).toUpperCase()}`;

  const admin = await adminDevice(browser);
  await admin.page.goto("/admin/orders");
  await expect(admin.page.getByRole("heading", { name: "Orders", level: 1 })).toBeVisible();
  const row = admin.page.getByRole("listitem").filter({ hasText: `Order ${number}` });
  await expect(row.getByRole("option")).toHaveText(["Shipped", "Cancelled"]);
  await row.getByLabel("New status").selectOption("CANCELLED");
  await row.getByRole("button", { name: "Update status" }).click();
  await expect(row.getByRole("status")).toHaveText(`Order ${number} is now Cancelled. 1 item was put back in stock.`);
  await expect(row.getByText("No further changes.")).toBeVisible();
  expect(product("linen-tote-bag").stock).toBe(stockBefore);

  // The same transition posted again, by hand, is refused and restocks nothing.
  await postAction(admin.context.request, "changeOrderStatusAction", { orderId, status: "CANCELLED" });
  expect(product("linen-tote-bag").stock).toBe(stockBefore);
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  await admin.context.close();
});
