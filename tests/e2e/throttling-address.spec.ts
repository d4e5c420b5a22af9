import { expect, test } from "./fixtures";
import { baseURL, newDevice, uniqueEmail } from "./helpers";
import { attemptSignIn, failUntilBlocked, waitIn } from "./throttle-attempts";

// Runs against a server of its own whose per-address limit is 3 failed sign-ins
// (playwright.config.ts): once this machine's address is blocked, nothing else on that
// server can sign in for a while. One address trying many accounts is blocked for all of
// them, and no X-Forwarded-For a client writes gets it out.

test("an address that fails on many accounts is blocked; non-action POSTs get 429 with Retry-After, whatever X-Forwarded-For says", async ({ browser, playwright }) => {
  const origin = new URL(baseURL()).origin;
  const client = await playwright.request.newContext({ baseURL: baseURL() });
  const post = (path: string, headers: Record<string, string> = {}) =>
    client.post(path, { headers: { Origin: origin, ...headers }, form: { email: "someone@example.test", password: "guess" }, maxRedirects: 0 });
  expect((await post("/login")).status()).not.toBe(429);

  const { page, context } = await newDevice(browser);
  // A new address at every try: no account's own counter is involved.
  const { firstBlockedAt } = await failUntilBlocked(page, uniqueEmail);
  expect(firstBlockedAt).toBe(4);

  for (const [path, headers] of [
    ["/login", {}],
    ["/login", { "X-Forwarded-For": "192.0.2.44" }],
    ["/account/confirm", {}],
    ["/api/auth/callback/credentials", { "X-Forwarded-For": "192.0.2.45, 192.0.2.46" }],
  ] as const) {
    const response = await post(path, headers);
    expect(response.status(), `POST ${path}`).toBe(429);
    const retryAfter = Number(response.headers()["retry-after"]);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After of POST ${path}`).toBe(true);
    expect(await response.text()).toMatch(/^Too many attempts\. Try again in \d+ seconds?\./);
  }
  // Reading a page costs no throttle lookup and is never refused.
  expect((await client.get("/login")).status()).toBe(200);
  // The form (a server action) says the same, for an address no one has tried.
  expect(waitIn(await attemptSignIn(page, uniqueEmail(), "any password"))).toBeGreaterThan(0);
  await client.dispose();
  await context.close();
});
