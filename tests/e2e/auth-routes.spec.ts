import { expect, test, type APIResponse } from "./fixtures";
import { authSession, baseURL, registerNewUser, SESSION_COOKIE, sessionToken } from "./helpers";

// Auth.js serves a family of routes under /api/auth/*. The shop uses one of them
// (GET /api/auth/session); the others are built-in pages and flows for providers the shop
// does not have. Each one is surface an attacker can poke: before they were shut, the
// error page, every /signin/<x> and /callback/<x>, and any route with a malformed
// callback-url cookie answered 500. Every request here must get a plain 4xx instead, and
// the one route in use must keep answering the signed-in user or null.

const UNUSED_GETS = [
  "/api/auth/error?error=Configuration",
  "/api/auth/error",
  "/api/auth/signin",
  "/api/auth/signin/credentials",
  "/api/auth/signin/github",
  "/api/auth/callback/credentials",
  "/api/auth/callback/github?code=x&state=y",
  "/api/auth/signout",
  "/api/auth/csrf",
  "/api/auth/providers",
  "/api/auth/verify-request",
  "/api/auth/webauthn-options/passkey",
  "/api/auth/no-such-route",
  "/api/auth/session/extra",
];

const UNUSED_POSTS = ["/api/auth/signin/credentials", "/api/auth/callback/credentials", "/api/auth/signout", "/api/auth/session"];

// Cookies Auth.js reads for its own flows; malformed values used to crash it.
const HOSTILE_COOKIES = ["authjs.callback-url=%", "authjs.callback-url=javascript:alert(1)", "authjs.csrf-token=%E0%A4%A"];

function expectClientError(response: APIResponse, what: string): void {
  expect(response.status(), `${what}: status ${response.status()}`).toBeGreaterThanOrEqual(400);
  expect(response.status(), `${what}: status ${response.status()}`).toBeLessThan(500);
}

test("every Auth.js route the shop does not use answers a plain 404, never 5xx", async ({ request }) => {
  for (const path of UNUSED_GETS) {
    // No redirects followed: a redirect to Auth.js's error page is itself the defect.
    const response = await request.get(path, { maxRedirects: 0 });
    expectClientError(response, `GET ${path}`);
    expect(response.headers()["content-type"], `GET ${path}`).toContain("application/json");
    // Not Auth.js's own HTML page, which names the framework to whoever asks.
    expect(await response.text(), `GET ${path}`).not.toMatch(/<html|auth\.js|authjs/i);
  }
});

test("unused Auth.js POST routes answer 4xx too", async ({ request }) => {
  const origin = new URL(baseURL()).origin;
  for (const path of UNUSED_POSTS) {
    const response = await request.post(path, { headers: { Origin: origin }, form: { csrfToken: "x" }, maxRedirects: 0 });
    expectClientError(response, `POST ${path}`);
  }
});

test("malformed Auth.js cookies are ignored, not a 500", async ({ request }) => {
  for (const cookie of HOSTILE_COOKIES) {
    for (const path of ["/api/auth/error?error=Configuration", "/api/auth/signin/github", "/api/auth/csrf"]) {
      const response = await request.get(path, { headers: { Cookie: cookie }, maxRedirects: 0 });
      expectClientError(response, `GET ${path} with ${cookie}`);
    }
    const session = await request.get("/api/auth/session", { headers: { Cookie: cookie } });
    expect(session.status(), `session with ${cookie}`).toBe(200);
    expect(await session.json()).toBeNull();
  }
});

test("/api/auth/session still answers the signed-in user, whatever other cookies come along", async ({ context, page, request }) => {
  expect(await authSession(context)).toBeNull();
  const user = await registerNewUser(page);
  const token = await sessionToken(context);
  expect((await authSession(context))?.user?.email).toBe(user.email);

  for (const cookie of HOSTILE_COOKIES) {
    const response = await request.get("/api/auth/session", { headers: { Cookie: `${cookie}; ${SESSION_COOKIE}=${token}` } });
    expect(response.status(), `with ${cookie}`).toBe(200);
    const body = (await response.json()) as { user?: { email?: string } } | null;
    expect(body?.user?.email, `with ${cookie}`).toBe(user.email);
    // The token stays in its HttpOnly cookie; the JSON never repeats it.
    expect(JSON.stringify(body)).not.toContain(token);
  }
});
