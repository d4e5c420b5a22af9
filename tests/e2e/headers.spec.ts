import { expect, test } from "@playwright/test";
import { registerNewUser } from "./helpers";

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
test("responses to a request with a session cookie are never stored by a cache", async ({ context, page }) => {
  await registerNewUser(page);
  for (const path of ["/", "/products/ceramic-mug", "/cart", "/orders", "/account/sessions", "/api/auth/session"]) {
    const response = await context.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(200);
    const cacheControl = response.headers()["cache-control"] ?? "";
    expect(cacheControl, `${path}: Cache-Control`).toContain("private");
    expect(cacheControl, `${path}: Cache-Control`).toContain("no-store");
    expect(cacheControl, `${path}: Cache-Control`).not.toMatch(/public|s-maxage/);
  }
});

test("health check answers 200 with status ok", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
  expect(response.headers()["x-powered-by"]).toBeUndefined();
});
