import { readFileSync, statSync } from "node:fs";
import type pg from "pg";
import { onServer } from "../../scripts/lib/postgres.mjs";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "./fixtures";
import { addToCart, fillShippingAddress, newDevice, openSessionsPage, registerNewUser, sessionCookie, signIn } from "./helpers";
import { attemptSignIn } from "./throttle-attempts";

// The shop as `npm run cluster` runs it (scripts/e2e-cluster.mjs): three production
// instances on one PostgreSQL database, behind nginx terminating TLS on
// https://localhost:8443, round-robin, no sticky sessions. Whatever instance a request
// lands on must give the same answer, because the state is in the database, not in a
// process. In order: the last test kills an instance.
test.describe.configure({ mode: "serial" });

const INSTANCES = [3001, 3002, 3003];
const ACCESS_LOG = ".tmp/cluster/access.log";
const DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${process.env.E2E_CLUSTER_DATABASE ?? "shop_e2e_cluster"}`;

/** The instances nginx sent requests to since `offset` bytes of its access log. */
function upstreamsSince(offset: number): number[] {
  const text = readFileSync(ACCESS_LOG, "utf8").slice(offset);
  return [...text.matchAll(/upstream=127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]));
}

function accessLogSize(): number {
  return statSync(ACCESS_LOG).size;
}

/** The session as one instance sees it, asked directly, with the headers nginx would add. */
async function sessionOnInstance(request: APIRequestContext, port: number, cookie: string, userAgent: string): Promise<{ user?: { email?: string } } | null> {
  const response = await request.get(`http://127.0.0.1:${port}/api/auth/session`, {
    headers: { cookie, "user-agent": userAgent, host: "localhost:8443", "x-forwarded-proto": "https", "x-forwarded-for": "127.0.0.1" },
  });
  expect(response.status()).toBe(200);
  return response.json();
}

async function cookieAndAgent(context: BrowserContext, page: Page): Promise<{ cookie: string; userAgent: string }> {
  const session = await sessionCookie(context);
  expect(session?.name, "over HTTPS the cookie has the __Host- prefix").toBe("__Host-shop_session");
  expect(session?.secure).toBe(true);
  return { cookie: `${session!.name}=${session!.value}`, userAgent: await page.evaluate(() => navigator.userAgent) };
}

function withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return onServer(work, DATABASE_URL);
}

test("requests are spread over all three instances, with no stickiness", async ({ request }) => {
  const offset = accessLogSize();
  for (let i = 0; i < 12; i += 1) expect((await request.get("/api/health")).status()).toBe(200);
  expect(new Set(upstreamsSince(offset))).toEqual(new Set(INSTANCES));
});

test("over HTTPS: HSTS once, from the app; plain HTTP is redirected to it", async ({ request, playwright }) => {
  const response = await request.get("/");
  const hsts = response.headersArray().filter(({ name }) => name.toLowerCase() === "strict-transport-security");
  expect(hsts).toHaveLength(1);
  const plain = await playwright.request.newContext();
  const redirect = await plain.get("http://localhost:8080/products?x=1", { maxRedirects: 0 });
  expect(redirect.status()).toBe(301);
  expect(redirect.headers()["location"]).toBe("https://localhost:8443/products?x=1");
  await plain.dispose();
});

test("a session revoked through one instance is refused on its very next request by every instance", async ({ browser, page, request }) => {
  const user = await registerNewUser(page);
  const thief = await newDevice(browser);
  await signIn(thief.page, user.email, user.password);
  const { cookie, userAgent } = await cookieAndAgent(thief.context, thief.page);
  // Live: every instance, asked directly, knows the session.
  for (const port of INSTANCES) expect((await sessionOnInstance(request, port, cookie, userAgent))?.user?.email).toBe(user.email);

  await openSessionsPage(page);
  await page.getByRole("button", { name: "Revoke" }).click();
  // Done when the row is gone, not while its button says "Revoking…".
  await expect(page.getByRole("button", { name: /Revok/ })).toHaveCount(0);

  for (const port of INSTANCES) expect(await sessionOnInstance(request, port, cookie, userAgent), `instance ${port}`).toBeNull();
  // And through the front, whichever instance each request lands on.
  for (let i = 0; i < 3; i += 1) {
    const response = await request.get("/orders", { headers: { cookie, "user-agent": userAgent }, maxRedirects: 0 });
    expect(response.status()).toBe(303);
  }
  await thief.context.close();
});

test("sign-in throttling counts failures across instances", async ({ page }) => {
  const user = await registerNewUser(page);
  const attacker = await newDevice(page.context().browser()!);
  const offset = accessLogSize();
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    expect(await attemptSignIn(attacker.page, user.email, `wrong password ${attempt}`)).toBe("Incorrect email or password.");
  }
  expect(await attemptSignIn(attacker.page, user.email, "wrong password 6")).toMatch(/^Too many attempts/);
  // Five failures on one instance would not have made a sixth wait: they landed on several.
  expect(new Set(upstreamsSince(offset)).size).toBeGreaterThan(1);
  await attacker.context.close();
});

test("the session limit counts sessions across instances", async ({ browser, request }) => {
  const first = await newDevice(browser);
  const user = await registerNewUser(first.page);
  const { cookie, userAgent } = await cookieAndAgent(first.context, first.page);
  const others = [];
  // SESSION_MAX_PER_USER is 10: the registration's session and ten more sign-ins.
  for (let i = 0; i < 10; i += 1) {
    const device = await newDevice(browser);
    await signIn(device.page, user.email, user.password);
    others.push(device);
  }
  for (const port of INSTANCES) expect(await sessionOnInstance(request, port, cookie, userAgent), `instance ${port}`).toBeNull();
  const { cookie: newest, userAgent: newestAgent } = await cookieAndAgent(others.at(-1)!.context, others.at(-1)!.page);
  expect((await sessionOnInstance(request, INSTANCES[0]!, newest, newestAgent))?.user?.email).toBe(user.email);
  for (const device of [first, ...others]) await device.context.close();
});

test("the last unit sells once when two buyers check out at the same moment", async ({ browser }) => {
  const slug = "pour-over-kettle";
  const buyers = [await newDevice(browser), await newDevice(browser)];
  for (const buyer of buyers) {
    await registerNewUser(buyer.page);
    await addToCart(buyer.page, slug);
    await buyer.page.goto("/checkout");
    await fillShippingAddress(buyer.page);
  }
  await withDatabase((client) => client.query(`UPDATE "Product" SET stock = 1 WHERE slug = $1`, [slug]));

  const offset = accessLogSize();
  await Promise.all(buyers.map((buyer) => buyer.page.getByRole("button", { name: "Place order" }).click()));
  // Each ends on its order's page, or stays on the checkout with the form's refusal.
  const outcome = async (page: Page) => {
    if (/\/orders\/[^/?#]+$/.test(page.url())) return "ordered";
    return (await page.getByText(/has just sold out/).count()) > 0 ? "refused" : "pending";
  };
  for (const { page } of buyers) await expect.poll(() => outcome(page), { timeout: 20_000 }).not.toBe("pending");
  const outcomes = await Promise.all(buyers.map(({ page }) => outcome(page)));
  expect(outcomes.sort()).toEqual(["ordered", "refused"]);
  const posts = upstreamsSince(offset);
  test.info().annotations.push({ type: "instances", description: `the checkouts landed on ${posts.join(", ")}` });

  const { stock, lines } = await withDatabase(async (client) => {
    const product = await client.query(`SELECT id, stock FROM "Product" WHERE slug = $1`, [slug]);
    const ordered = await client.query(`SELECT COALESCE(SUM(quantity), 0)::int AS lines FROM "OrderItem" WHERE "productId" = $1`, [product.rows[0].id]);
    return { stock: product.rows[0].stock as number, lines: ordered.rows[0].lines as number };
  });
  expect(stock).toBe(0);
  expect(lines).toBe(1);
  for (const buyer of buyers) await buyer.context.close();
});

test("an instance killed mid-run loses no order and no session; the others keep serving", async ({ page }) => {
  await registerNewUser(page);
  await addToCart(page, "ceramic-mug");
  await page.goto("/checkout");
  await fillShippingAddress(page);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\/[^/?#]+$/);
  const firstOrder = new URL(page.url()).pathname;

  const instances: { port: number; pid: number }[] = JSON.parse(readFileSync(".tmp/cluster/instances.json", "utf8"));
  const victim = instances[0]!;
  const statuses: number[] = [];
  for (let i = 0; i < 12; i += 1) {
    // Killed after a few requests: nginx sends the rest to the two that are left.
    if (i === 4) process.kill(victim.pid, "SIGKILL");
    statuses.push((await page.request.get("/orders")).status());
  }
  expect(statuses).toEqual(Array(12).fill(200));

  // Still signed in, the first order is still there, and a new one goes through.
  await page.goto("/orders");
  await expect(page.locator(`a[href="${firstOrder}"]`)).toBeVisible();
  await addToCart(page, "linen-tote-bag");
  await page.goto("/checkout");
  await fillShippingAddress(page);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\/[^/?#]+$/);
  await page.goto("/orders");
  await expect(page.locator('a[href^="/orders/"]')).toHaveCount(2);
});
