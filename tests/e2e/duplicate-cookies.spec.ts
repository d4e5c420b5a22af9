import { expect, request as newRequest, test, type APIRequestContext, type APIResponse, type Browser } from "./fixtures";
import { baseURL, newDevice, registerNewUser, SESSION_COOKIE, sessionToken, type TestUser } from "./helpers";

// Cookie tossing: a sibling subdomain, or a Set-Cookie scoped to a longer path, can give a
// browser a second cookie named like the session, and the browser then sends both. The
// readers disagree on such a header: Next.js's cookies() keeps the last value, Auth.js
// the first (and it joins `name.0`, `name.1` chunks into one value), so one request could
// be one user on /account/sessions and another on /api/auth/session. A request carrying
// more than one value for the name, or any chunk of it, must be nobody, everywhere.

type SignedIn = { user: TestUser; token: string };

const N = SESSION_COOKIE;

async function signedInUser(browser: Browser): Promise<SignedIn> {
  const device = await newDevice(browser);
  const user = await registerNewUser(device.page);
  const token = await sessionToken(device.context);
  await device.context.close();
  return { user, token };
}

/** A client without a cookie jar of its own: each request carries exactly the Cookie header the test writes. */
async function rawClient(): Promise<APIRequestContext> {
  return newRequest.newContext({ baseURL: baseURL() });
}

function ambiguousHeaders(a: string, b: string): Record<string, string> {
  return {
    "first wins in Auth.js": `${N}=${a}; ${N}=${b}`,
    "last wins in Next.js": `${N}=${b}; ${N}=${a}`,
    "an empty first copy": `${N}=; ${N}=${a}`,
    "whitespace around the name": ` ${N} =${a};${N}=${b}`,
    "a chunk beside the cookie": `${N}=${a}; ${N}.0=${b}`,
    "chunks only": `${N}.0=${a}; ${N}.1=${b}`,
    "the same token twice": `${N}=${a}; ${N}=${a}`,
  };
}

function setCookies(response: APIResponse): string[] {
  return response
    .headersArray()
    .filter(({ name }) => name.toLowerCase() === "set-cookie")
    .map(({ value }) => value);
}

function expectCleared(response: APIResponse, cookieHeader: string, what: string): void {
  const names = new Set(
    cookieHeader
      .split(";")
      .map((pair) => pair.split("=")[0]!.trim())
      .filter((name) => name === N || name.startsWith(`${N}.`)),
  );
  const deletes = setCookies(response);
  for (const name of names) {
    expect(
      deletes.some((cookie) => cookie.startsWith(`${name}=;`) && /Max-Age=0/i.test(cookie)),
      `${what}: deletes ${name} (got ${deletes.join(" | ")})`,
    ).toBe(true);
  }
  expect(response.headers()["clear-site-data"], `${what}: Clear-Site-Data`).toContain('"cookies"');
}

async function expectSignedInWith(client: APIRequestContext, { user, token }: SignedIn): Promise<void> {
  const cookie = `${N}=${token}`;
  const session = await client.get("/api/auth/session", { headers: { Cookie: cookie } });
  expect(((await session.json()) as { user?: { email?: string } } | null)?.user?.email).toBe(user.email);
  const orders = await client.get("/orders", { headers: { Cookie: cookie }, maxRedirects: 0 });
  expect(orders.status()).toBe(200);
  expect(await orders.text()).toContain(user.name);
}

test("two session cookies make a request anonymous to every reader, and delete no session", async ({ browser }) => {
  const alice = await signedInUser(browser);
  const bob = await signedInUser(browser);
  const client = await rawClient();

  // The control: each token alone is a signed-in user, to both readers.
  await expectSignedInWith(client, alice);
  await expectSignedInWith(client, bob);

  for (const [what, cookie] of Object.entries(ambiguousHeaders(alice.token, bob.token))) {
    const headers = { Cookie: cookie };

    // The pages' reader (lib/session/current.ts): the header of a public page names nobody.
    // Checked before the proxy's clearing below: that clearing also hides the copies from
    // cookies(), so this is the check that holds if the proxy is bypassed or changed.
    const home = await client.get("/", { headers, maxRedirects: 0 });
    expect(home.status(), `${what}: /`).toBe(200);
    const html = await home.text();
    // Booleans, not toContain: a failure would print the whole page.
    expect(html.includes("Signed in as"), `${what}: / names a signed-in user`).toBe(false);
    expect(html.includes(alice.user.name) || html.includes(bob.user.name), `${what}: / names Alice or Bob`).toBe(false);

    // The proxy's reader: signed-in pages send the visitor to sign in.
    for (const path of ["/account/sessions", "/orders"]) {
      const page = await client.get(path, { headers, maxRedirects: 0 });
      expect(page.status(), `${what}: ${path}`).toBe(303);
      expect(page.headers()["location"], `${what}: ${path}`).toContain("/login?next=");
      // And every copy is cleared, whichever page was asked for.
      expectCleared(page, cookie, `${what}: ${path}`);
    }
    expectCleared(home, cookie, `${what}: /`);

    // Auth.js's reader.
    const session = await client.get("/api/auth/session", { headers });
    expect(session.status(), what).toBe(200);
    expect(await session.json(), `${what}: /api/auth/session`).toBeNull();
  }

  // Neither session was touched: each token alone still works.
  await expectSignedInWith(client, alice);
  await expectSignedInWith(client, bob);
  await client.dispose();
});

// A planted second cookie must not keep a stolen session alive past its owner's sign-out:
// the browser asked to sign out, so every session it holds a token for ends.
test("sign-out with a second, planted session cookie still ends the real session", async ({ browser }) => {
  const origin = new URL(baseURL()).origin;
  for (const order of ["victim first", "planted first"] as const) {
    const victim = await signedInUser(browser);
    const planted = await signedInUser(browser);
    const client = await rawClient();
    // Still alive before: the control for what follows.
    await expectSignedInWith(client, victim);
    const tokens = order === "victim first" ? [victim.token, planted.token] : [planted.token, victim.token];
    const cookie = tokens.map((token) => `${N}=${token}`).join("; ");

    // Auth.js's own sign-out is not served at all.
    const authSignOut = await client.post("/api/auth/signout", { headers: { Cookie: cookie, Origin: origin }, form: { csrfToken: "x" }, maxRedirects: 0 });
    expect(authSignOut.status()).toBe(404);

    const signOut = await client.post("/sign-out", { headers: { Cookie: cookie, Origin: origin }, maxRedirects: 0 });
    expect(signOut.status()).toBe(303);
    // Sign-out's own Clear-Site-Data, not proxy's narrower one for ambiguous cookies.
    expect(signOut.headers()["clear-site-data"]).toBe('"cache", "cookies", "storage"');
    for (const { token } of [victim, planted]) {
      const session = await client.get("/api/auth/session", { headers: { Cookie: `${N}=${token}` } });
      expect(await session.json(), `${order}: every token sent is dead`).toBeNull();
    }
    await client.dispose();
  }
});

