import { expect, test, type APIResponse } from "./fixtures";
import { registerNewUser, sessionCookie } from "./helpers";

// What every response tells the browser about how to treat it, and the health check.

function nonceOf(csp: string | undefined): string | undefined {
  return csp?.match(/'nonce-([A-Za-z0-9+/=_-]+)'/)?.[1];
}

test("pages carry a nonce-based CSP, refuse framing and sniffing, and do not name the framework", async ({ request }) => {
  for (const path of ["/", "/products/ceramic-mug", "/login"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const headers = response.headers();

    const csp = headers["content-security-policy"];
    expect(csp, `${path}: Content-Security-Policy`).toBeDefined();
    const nonce = nonceOf(csp);
    expect(nonce, `${path}: a script nonce in the CSP`).toBeDefined();
    expect(csp).toMatch(/script-src [^;]*'nonce-/);
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/object-src 'none'/);

    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-powered-by"]).toBeUndefined();

    // The nonce is the one Next.js stamped on the page's own scripts.
    const html = await response.text();
    expect(html).toContain(`nonce="${nonce}"`);
  }
});

test("the CSP nonce is new for every response", async ({ request }) => {
  const nonces = new Set<string | undefined>();
  for (let i = 0; i < 3; i++) nonces.add(nonceOf((await request.get("/")).headers()["content-security-policy"]));
  expect(nonces.has(undefined)).toBe(false);
  expect(nonces.size).toBe(3);
});

test("the page runs under its CSP without violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/products/ceramic-mug");
  // Hydrated: React's scripts ran, so the form answers in place, without a full page load
  // (which would wipe this marker). A CSP that blocked them would force the fallback.
  await page.evaluate(() => Object.assign(window, { e2eMarker: true }));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("status").filter({ hasText: /added/i })).toBeVisible();
  expect(await page.evaluate(() => "e2eMarker" in window)).toBe(true);
  expect(violations).toEqual([]);
});

// A shared cache (a CDN, a corporate proxy) that stored a signed-in page would hand one
// customer's orders, addresses or sessions list to the next person asking for that URL.
test("responses to a request with a session cookie are never stored by a cache", async ({ context, page, request }) => {
  await registerNewUser(page);
  // Next.js marks its dynamic pages private itself; proxy's header covers what it does not:
  // the responses proxy writes (redirects) and any route handler that forgets to.
  for (const path of ["/", "/products/ceramic-mug", "/cart", "/orders", "/account/sessions", "/api/auth/session", "/api/health", "/api/nope"]) {
    const response = await context.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBeLessThan(500);
    const cacheControl = response.headers()["cache-control"] ?? "";
    expect(cacheControl, `${path}: Cache-Control`).toContain("private");
    expect(cacheControl, `${path}: Cache-Control`).toContain("no-store");
    expect(cacheControl, `${path}: Cache-Control`).not.toMatch(/public|s-maxage/);
  }

  // The redirect proxy writes itself for a dead cookie on a signed-in page gets no
  // Cache-Control from Next.js: only proxy's header keeps it (and its cookie deletion) out of caches.
  const redirect = await request.get("/orders", { headers: { cookie: "shop_session=expired-or-revoked" }, maxRedirects: 0 });
  expect(redirect.status()).toBe(303);
  expect(redirect.headers()["cache-control"]).toBe("private, no-store");
});


/** The headers every response must carry, whoever answers it: proxy, a page, a file or Next.js itself. */
function expectSecurityHeaders(response: APIResponse, what: string): void {
  const csp = response.headersArray().filter((header) => header.name.toLowerCase() === "content-security-policy");
  // One policy: a second one would be enforced as well, and could only narrow or break the first.
  expect(csp, `${what}: exactly one Content-Security-Policy`).toHaveLength(1);
  expect(csp[0]?.value, `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(csp[0]?.value, `${what}: CSP`).toContain("form-action 'self'");
  expect(csp[0]?.value, `${what}: CSP`).not.toMatch(/script-src [^;]*'unsafe-inline'/);
  const headers = response.headers();
  expect(headers["x-frame-options"], `${what}: X-Frame-Options`).toBe("DENY");
  expect(headers["x-content-type-options"], `${what}: X-Content-Type-Options`).toBe("nosniff");
  expect(headers["referrer-policy"], `${what}: Referrer-Policy`).toBe("strict-origin-when-cross-origin");
}

// Requests proxy does not run for, or runs for without a session lookup, are where headers
// set only by proxy would go missing. A signed-in 404 page at a file-like path carries the
// Sign out form: framed without X-Frame-Options, it could be clicked by another site.
test("every response carries the security headers, whatever its path", async ({ context, page }) => {
  await registerNewUser(page);
  await page.goto("/");
  const asset = await page.locator('script[src^="/_next/static/"]').first().getAttribute("src");
  expect(asset, "a build asset to request").toBeTruthy();

  const paths = [
    "/", "/products/ceramic-mug", "/cart", "/orders", "/login", "/nope", "/nope.svg", "/nope.txt", "/products/x.svg",
    "/products/ceramic-mug.svg", "/_next/staticfoo", "/_next/imagefoo", "/_next/static/nope.js", asset!,
    "/api/health", "/api/auth/session", "/api/nope",
  ];
  for (const path of paths) {
    const response = await context.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBeLessThan(500);
    expectSecurityHeaders(response, path);
  }

  // The signed-in 404 page at a file-like path is the app's own page, scripts and all: its
  // CSP carries a nonce, and its scripts run under it.
  const notFound = await context.request.get("/nope.svg");
  expect(notFound.status()).toBe(404);
  const nonce = notFound.headers()["content-security-policy"]?.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  expect(await notFound.text()).toContain(`nonce="${nonce}"`);
});

test("a cross-site POST to any path, file-like or reserved-looking, is refused before an action can run", async ({ page, request }) => {
  await page.goto("/login");
  const evil = { Origin: "https://evil.example", "Next-Action": "0".repeat(42) };
  for (const path of ["/login", "/_next/staticfoo", "/_next/imagefoo", "/nope.svg", "/products/x.png", "/_next/static"]) {
    const response = await request.post(path, { headers: evil, form: { email: "a@b.co", password: "x" }, maxRedirects: 0 });
    expect(response.status(), path).toBe(403);
    expectSecurityHeaders(response, `POST ${path}`);
  }
  expect(await sessionCookie(page.context())).toBeUndefined();
});

test("health check answers 200 with status ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
  expect(response.headers()["x-powered-by"]).toBeUndefined();
});
