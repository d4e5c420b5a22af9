import { createHash, createHmac, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import { expect, test, type APIResponse, type BrowserContext, type Page } from "./fixtures";
import {
  addToCart,
  authSession,
  baseURL,
  expectSentToLogin,
  expectSignedIn,
  expectSignedOut,
  fillShippingAddress,
  formFieldsOf,
  newDevice,
  openDatabase,
  openSessionsPage,
  otherSessionCount,
  placeOrder,
  plantSessionCookie,
  registerNewUser,
  sessionCookie,
  sessionToken,
  signIn,
  signOut,
  submitSignIn,
  TEST_PASSWORD,
  TOKEN_SHAPE,
  uniqueEmail,
  uniqueId,
  type TestUser,
} from "./helpers";

// Each test plays an attacker against the session layer and proves the attack fails.
// Where it helps, the attack is first shown to work while it should (a copied cookie does
// open the account while the session is live), so a pass means the defence held, not that
// the attack was never really tried.

async function expectAnonymous(context: BrowserContext, page: Page, protectedPath = "/orders"): Promise<void> {
  await expectSentToLogin(page, protectedPath);
  expect(await authSession(context)).toBeNull();
}

async function expectSignedInAs(context: BrowserContext, page: Page, user: TestUser): Promise<void> {
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/orders$/);
  await expectSignedIn(page);
  expect((await authSession(context))?.user?.email).toBe(user.email);
}

/** A user who exists but is signed in nowhere. */
async function existingUser(page: Page): Promise<TestUser> {
  const user = await registerNewUser(page);
  await signOut(page);
  return user;
}

test.describe("replay after sign-out", () => {
  test("a copied session cookie is worthless once its owner signs out", async ({ browser, context, page }) => {
    const user = await registerNewUser(page);
    const stolen = await sessionToken(context);
    expect(stolen).toMatch(TOKEN_SHAPE);

    // While the session is live, the copy works: this is the attack being defended against.
    const attacker = await newDevice(browser);
    await plantSessionCookie(attacker.context, stolen);
    await expectSignedInAs(attacker.context, attacker.page, user);

    const signOutResponse = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sign-out");
    await signOut(page);
    expect(await sessionCookie(context), "sign-out removes the cookie from the browser").toBeUndefined();
    // And tells the browser to drop everything this site stored: a shared computer keeps nothing.
    expect((await (await signOutResponse).allHeaders())["clear-site-data"]).toBe('"cache", "cookies", "storage"');

    const replay = await newDevice(browser);
    await plantSessionCookie(replay.context, stolen);
    await expectAnonymous(replay.context, replay.page);
    // The attacker's earlier copy is dead too: the session is gone on the server.
    await expectAnonymous(attacker.context, attacker.page);
    await replay.context.close();
    await attacker.context.close();
  });
});

test.describe("session fixation", () => {
  test("a guest token held before sign-in is not the signed-in token, and opens nothing", async ({ browser, context, page }) => {
    const user = await existingUser(page);

    await addToCart(page, "linen-tote-bag");
    const planted = await sessionToken(context);
    expect(planted).toMatch(TOKEN_SHAPE);

    // The attacker knows the victim's guest token (planted, or read before sign-in) and
    // shares that guest session for now: same cart.
    const attacker = await newDevice(browser);
    await plantSessionCookie(attacker.context, planted);
    await attacker.page.goto("/cart");
    await expect(attacker.page.getByRole("link", { name: "Sunrise Linen Tote" })).toBeVisible();

    await signIn(page, user.email, user.password);
    const signedIn = await sessionToken(context);
    expect(signedIn).toMatch(TOKEN_SHAPE);
    expect(signedIn).not.toBe(planted);

    // The planted token did not become a signed-in session...
    await expectAnonymous(attacker.context, attacker.page, "/account/sessions");
    const fresh = await newDevice(browser);
    await plantSessionCookie(fresh.context, planted);
    await expectAnonymous(fresh.context, fresh.page, "/account/sessions");
    // ...while the victim is signed in and kept the cart picked as a guest.
    await expectSignedInAs(context, page, user);
    await page.goto("/cart");
    await expect(page.getByRole("link", { name: "Sunrise Linen Tote" })).toBeVisible();
    await fresh.context.close();
    await attacker.context.close();
  });

  test("an attacker-chosen cookie value sent with the sign-in is replaced by a new token", async ({ browser, context, page }) => {
    const user = await existingUser(page);
    const chosen = randomBytes(32).toString("base64url");
    expect(chosen).toMatch(TOKEN_SHAPE);

    await page.goto("/login");
    // The sign-in request itself carries the attacker's value (planted in the victim's
    // browser by a sibling subdomain, say), whatever else the page requested before it.
    await page.route("**/login**", async (route) => {
      const request = route.request();
      if (request.method() !== "POST") return route.continue();
      return route.continue({ headers: { ...(await request.allHeaders()), cookie: `shop_session=${chosen}` } });
    });
    const signInPost = page.waitForResponse((response) => response.request().method() === "POST");
    await submitSignIn(page, user.email, user.password);
    // The attack was really delivered: the sign-in went out with the attacker's cookie.
    expect((await (await signInPost).request().allHeaders())["cookie"]).toContain(`shop_session=${chosen}`);
    await expectSignedIn(page);
    await page.unrouteAll();

    const held = await sessionToken(context);
    expect(held).toMatch(TOKEN_SHAPE);
    expect(held).not.toBe(chosen);

    const attacker = await newDevice(browser);
    await plantSessionCookie(attacker.context, chosen);
    await expectAnonymous(attacker.context, attacker.page, "/account/sessions");
    await expectSignedInAs(context, page, user);
    await attacker.context.close();
  });
});

test.describe("planted guest cart", () => {
  test("a cart brought in by a planted cookie is announced at sign-in, on every page, until dismissed", async ({ browser, context, page }) => {
    const victim = await existingUser(page);
    // The attacker fills a guest cart and plants its cookie in the victim's browser.
    const attacker = await newDevice(browser);
    await addToCart(attacker.page, "wool-beanie");
    await plantSessionCookie(context, await sessionToken(attacker.context));
    await attacker.context.close();

    await signIn(page, victim.email, victim.password);
    const notice = page.getByRole("status").filter({ hasText: "1 item from this browser was added to your cart." });
    await expect(notice).toBeVisible();
    await page.goto("/orders");
    await expect(notice).toBeVisible();
    await notice.getByRole("link", { name: "Review your cart" }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByRole("list", { name: "Cart items" }).getByRole("link", { name: "Merino Pom Beanie" })).toBeVisible();

    await page.getByRole("button", { name: "Dismiss" }).click();
    await expect(notice).toHaveCount(0);
    await page.goto("/");
    await expect(page.getByText("from this browser was added")).toHaveCount(0);
  });

  test("a URL cannot make the shop announce a merge that did not happen", async ({ page }) => {
    await registerNewUser(page);
    await page.goto("/?notice=5%20items%20from%20this%20browser%20were%20added&merged=5");
    await expect(page.getByText("from this browser")).toHaveCount(0);
  });
});

test.describe("revoked device", () => {
  test("a device revoked from the sessions page is signed out on its very next request", async ({ browser, context, page }) => {
    const user = await registerNewUser(page);
    const deviceB = await newDevice(browser);
    await signIn(deviceB.page, user.email, user.password);
    await expectSignedInAs(deviceB.context, deviceB.page, user);

    await openSessionsPage(page);
    // Each row says what the session is: browser, IP, times.
    await expect(page.getByRole("main")).toContainText(/Chrom/);
    await expect(page.getByRole("main")).toContainText(/::1|127\.0\.0\.1/);
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(1);
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);

    await expectAnonymous(deviceB.context, deviceB.page);
    await expect(deviceB.page).toHaveURL(/\/login\?next=%2Forders$/);
    expect(await sessionCookie(deviceB.context), "the dead cookie is deleted from device B").toBeUndefined();

    await expectSignedInAs(context, page, user);
    await openSessionsPage(page);
    expect(await otherSessionCount(page)).toBe(0);
    await deviceB.context.close();
  });

  // proxy.ts hands its lookup to the page in a sealed request header (lib/session/proof.ts),
  // so a page costs one session query. A client sending that header itself, even sealed
  // with the server's real key (as if the secret had leaked), must not stand in for the
  // lookup: proxy drops whatever arrived and seals its own, fresh answer.
  test("a session-proof header sent by the client cannot keep a revoked session alive", async ({ browser, page, playwright }) => {
    const user = await registerNewUser(page);
    const deviceB = await newDevice(browser);
    await signIn(deviceB.page, user.email, user.password);
    const cookie = (await sessionCookie(deviceB.context))!;
    const request = await playwright.request.newContext({ baseURL: baseURL() });
    const requestId = randomUUID();
    const headers = {
      cookie: `${cookie.name}=${cookie.value}`,
      "x-request-id": requestId,
      "x-session-proof": sealedProof(cookie.value, requestId, { id: "00000000000000000000000000", name: user.name, email: user.email, role: "ADMIN" }),
    };
    // While the session is live the request is signed in, as the real owner.
    expect((await (await request.get("/api/auth/session", { headers })).json())?.user?.email).toBe(user.email);

    await openSessionsPage(page);
    await page.getByRole("button", { name: "Revoke" }).click();
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);

    expect(await (await request.get("/api/auth/session", { headers })).json()).toBeNull();
    const home = await request.get("/", { headers });
    expect(home.status()).toBe(200);
    expect(await home.text()).not.toContain(">Sign out<");
    const admin = await request.get("/admin", { headers, maxRedirects: 0 });
    expect(admin.status()).toBe(404);
    await request.dispose();
    await deviceB.context.close();
  });

  test("revoking another user's session by its id changes nothing", async ({ browser, page }) => {
    const victim = await registerNewUser(page);
    const victimPhone = await newDevice(browser);
    await signIn(victimPhone.page, victim.email, victim.password);
    await openSessionsPage(page);
    const victimPhoneId = (await formFieldsOf(page, "Revoke"))["sessionId"];
    expect(victimPhoneId, "the Revoke form names the session it ends").toBeTruthy();

    const attacker = await newDevice(browser);
    const attackerUser = await registerNewUser(attacker.page);
    const attackerLaptop = await newDevice(browser);
    await signIn(attackerLaptop.page, attackerUser.email, attackerUser.password);
    await openSessionsPage(attacker.page);
    const ownForm = await formFieldsOf(attacker.page, "Revoke");

    // The attacker's own, valid Revoke form, pointed at the victim's session.
    const origin = { Origin: new URL(baseURL()).origin };
    const forged = await attacker.context.request.post("/account/sessions", {
      headers: origin,
      multipart: { ...ownForm, sessionId: victimPhoneId! },
      maxRedirects: 0,
    });
    expect(forged.status()).toBeLessThan(500);
    await expectSignedInAs(victimPhone.context, victimPhone.page, victim);
    await openSessionsPage(page);
    expect(await otherSessionCount(page)).toBe(1);

    // Control: the same form, unmodified, does end the attacker's own other session.
    const genuine = await attacker.context.request.post("/account/sessions", { headers: origin, multipart: ownForm, maxRedirects: 0 });
    expect(genuine.status()).toBeLessThan(400);
    await expectAnonymous(attackerLaptop.context, attackerLaptop.page);
    for (const device of [victimPhone, attacker, attackerLaptop]) await device.context.close();
  });

  test("sign out all other sessions ends every session but the current one", async ({ browser, context, page }) => {
    const user = await registerNewUser(page);
    const deviceB = await newDevice(browser);
    const deviceC = await newDevice(browser);
    await signIn(deviceB.page, user.email, user.password);
    await signIn(deviceC.page, user.email, user.password);

    await openSessionsPage(page);
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(2);
    await page.getByRole("button", { name: "Sign out all other sessions" }).click();
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);

    await expectAnonymous(deviceB.context, deviceB.page);
    await expectAnonymous(deviceC.context, deviceC.page);

    await expectSignedInAs(context, page, user);
    await openSessionsPage(page);
    expect(await otherSessionCount(page)).toBe(0);
    await deviceB.context.close();
    await deviceC.context.close();
  });
});

test.describe("expired session", () => {
  type ExpiryColumn = "idleExpiresAt" | "absoluteExpiresAt";

  /** Moves one expiry of all the user's sessions into the past; returns how many rows changed. */
  function expireSessionsOf(email: string, column: ExpiryColumn): number {
    const db = openDatabase();
    try {
      // The row's own createdAt is a moment in the past, already stored in the format the
      // app's Prisma adapter writes, so the SQL needs to know nothing about date storage.
      const { changes } = db
        .prepare(`UPDATE "Session" SET ${column} = createdAt WHERE userId = (SELECT id FROM "User" WHERE email = ?)`)
        .run(email);
      return changes;
    } finally {
      db.close();
    }
  }

  function sessionRowsOf(email: string): number {
    const db = openDatabase();
    try {
      const row = db
        .prepare(`SELECT COUNT(*) AS n FROM "Session" s JOIN "User" u ON u.id = s.userId WHERE u.email = ?`)
        .get(email) as { n: number };
      return row.n;
    } finally {
      db.close();
    }
  }

  for (const column of ["idleExpiresAt", "absoluteExpiresAt"] as const) {
    test(`a session past its ${column === "idleExpiresAt" ? "idle" : "absolute"} timeout is refused`, async ({ context, page }) => {
      const user = await registerNewUser(page);
      await expectSignedInAs(context, page, user);
      expect(sessionRowsOf(user.email)).toBe(1);

      expect(expireSessionsOf(user.email, column)).toBe(1);

      await expectAnonymous(context, page);
      expect(await sessionCookie(context), "the expired cookie is deleted from the browser").toBeUndefined();
      expect(sessionRowsOf(user.email), "the expired row is removed").toBe(0);
    });
  }
});

test.describe("garbage cookies", () => {
  /** A Set-Cookie that tells the browser to drop the session cookie. */
  function deletesSessionCookie(setCookieHeaders: string[]): boolean {
    return setCookieHeaders.some(
      (header) => header.startsWith("shop_session=") && (/^shop_session=;/.test(header) || /max-age=0|expires=thu, 01 jan 1970/i.test(header)),
    );
  }

  function setCookieHeaders(response: APIResponse): string[] {
    return response.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie").map((header) => header.value);
  }

  // Every visit plants the cookie into a context with no page open: a page of the shop
  // could still send a request (a link prefetch) that removes the cookie before the visit.
  async function visitWithCookie(context: BrowserContext, value: string, path: string): Promise<{ page: Page; status?: number }> {
    for (const open of context.pages()) await open.close();
    await plantSessionCookie(context, value);
    const page = await context.newPage();
    const response = await page.goto(path);
    return { page, status: response?.status() };
  }

  async function expectBadCookieRejected(context: BrowserContext, value: string): Promise<void> {
    for (const path of ["/", "/cart"]) {
      const { page, status } = await visitWithCookie(context, value, path);
      expect(status, `${path} must not fail`).toBe(200);
      await expectSignedOut(page);
      expect(await sessionCookie(context), `${path} deletes the bad cookie`).toBeUndefined();
    }

    const { page, status } = await visitWithCookie(context, value, "/orders");
    expect(status, "/orders must not fail").toBeLessThan(500);
    await expect(page).toHaveURL(/\/login\?next=%2Forders$/);
    expect(await sessionCookie(context), "/orders deletes the bad cookie").toBeUndefined();

    for (const open of context.pages()) await open.close();
    await plantSessionCookie(context, value);
    const api = await context.request.get("/api/auth/session");
    expect(api.status()).toBe(200);
    expect(await api.json()).toBeNull();
    const headers = setCookieHeaders(api);
    expect(deletesSessionCookie(headers), `/api/auth/session deletes the bad cookie (got: ${headers.join(" | ") || "no Set-Cookie"})`).toBe(true);
    expect(await sessionCookie(context)).toBeUndefined();
  }

  const garbage: Record<string, string> = {
    "random garbage": "not-a-session-at-all!!",
    "an unknown well-formed token": randomBytes(32).toString("base64url"),
    "a 4 KB value": "A".repeat(4000),
    // Percent-escaped NUL, quote, semicolon, equals, CR LF: a cookie jar accepts these as text.
    "odd characters": "%00%22quoted%22%3Binjected%3D1%0D%0A'--<script>",
  };

  for (const [label, value] of Object.entries(garbage)) {
    test(`${label} as the session cookie is treated as no session`, async ({ context }) => {
      await expectBadCookieRejected(context, value);
    });
  }

  test("a truncated real token is treated as no session, and the real session survives", async ({ browser, context, page }) => {
    const user = await registerNewUser(page);
    const token = await sessionToken(context);
    const attacker = await newDevice(browser);
    await expectBadCookieRejected(attacker.context, token.slice(0, 30));
    await expectBadCookieRejected(attacker.context, `${token}x`);
    await expectSignedInAs(context, page, user);
    await attacker.context.close();
  });

  // Values a browser's cookie jar refuses to store, sent as a raw header instead.
  test("raw Cookie headers no browser would send are treated as no session, never a server error", async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: baseURL() });
    const values = ["", "%00", '"', '";"', "a;b", "=", "shop_session=x", "\u00e9\u00e8", "x".repeat(8000), '"' + "A".repeat(43) + '"'];
    for (const value of values) {
      const what = (path: string) => `${path} with shop_session=${JSON.stringify(value.slice(0, 20))}`;
      const cookie = `shop_session=${value}; other=1`;
      for (const path of ["/", "/cart"]) {
        const response = await request.get(path, { headers: { cookie }, maxRedirects: 0 });
        expect(response.status(), what(path)).toBe(200);
        expect(await response.text(), what(path)).not.toContain(">Sign out<");
        expect(deletesSessionCookie(setCookieHeaders(response)), `${what(path)}: deletes the cookie`).toBe(true);
      }
      const orders = await request.get("/orders", { headers: { cookie }, maxRedirects: 0 });
      expect(orders.status(), what("/orders")).toBeGreaterThanOrEqual(300);
      expect(orders.status(), what("/orders")).toBeLessThan(400);
      expect(orders.headers()["location"], what("/orders")).toMatch(/\/login\?next=%2Forders$/);
      const api = await request.get("/api/auth/session", { headers: { cookie }, maxRedirects: 0 });
      expect(api.status(), what("/api/auth/session")).toBe(200);
      expect(await api.json(), what("/api/auth/session")).toBeNull();
    }
    await request.dispose();
  });
});

test.describe("cookie flags", () => {
  test("the session cookie is HttpOnly, SameSite=Lax, host-wide and invisible to page scripts", async ({ context, page }) => {
    await registerNewUser(page);
    const cookie = await sessionCookie(context);
    expect(cookie).toBeDefined();
    expect(cookie!.value).toMatch(TOKEN_SHAPE);
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe("Lax");
    expect(cookie!.path).toBe("/");
    expect(cookie!.domain).toBe(new URL(baseURL()).hostname); // host-only, no Domain attribute
    // Expires with the session at the latest (the absolute timeout is 12 h by default).
    expect(cookie!.expires === -1 || cookie!.expires * 1000 <= Date.now() + 12 * 3600 * 1000 + 60_000).toBe(true);

    const visible = await page.evaluate(() => document.cookie);
    expect(visible).not.toContain("shop_session");
    expect(visible).not.toContain(cookie!.value);
  });

  // HttpOnly is worth nothing if the token can be read another way: an injected script
  // runs with the page's origin and can fetch any same-origin URL, /api/auth/session included.
  test("cookie theft by script: no same-origin response hands the session token to the page", async ({ context, page }) => {
    await registerNewUser(page);
    const token = await sessionToken(context);

    const stolen = await page.evaluate(async () => {
      const paths = ["/api/auth/session", "/account/sessions", "/orders", "/cart", "/"];
      return Promise.all(paths.map(async (path) => ({ path, body: await (await fetch(path, { credentials: "same-origin" })).text() })));
    });
    for (const { path, body } of stolen) expect.soft(body, `${path} must not contain the session token`).not.toContain(token);

    // The session JSON is what the contract says, and nothing more.
    const session = await authSession(context);
    expect(Object.keys(session ?? {}).sort()).toEqual(["expires", "user"]);
    expect(Object.keys(session?.user ?? {}).sort()).toEqual(["email", "id", "name"]);
  });

  test("a guest gets no session cookie for browsing, only once they add to cart", async ({ context, page }) => {
    await page.goto("/");
    await page.goto("/products/ceramic-mug");
    await page.goto("/cart");
    expect(await sessionCookie(context)).toBeUndefined();

    await addToCart(page, "ceramic-mug");
    const cookie = await sessionCookie(context);
    expect(cookie?.value).toMatch(TOKEN_SHAPE);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
  });
});

test.describe("cross-site POST", () => {
  const EVIL = "https://evil.example";

  test("forms replayed from another site are refused with 403 and change nothing", async ({ browser, context, page }) => {
    const user = await registerNewUser(page);
    const deviceB = await newDevice(browser);
    await signIn(deviceB.page, user.email, user.password);

    // The real Revoke form (all its fields), submitted from evil.example with the victim's cookie.
    await openSessionsPage(page);
    expect(await otherSessionCount(page)).toBe(1);
    const revokeFields = await formFieldsOf(page, "Revoke");
    const revoke = await context.request.post("/account/sessions", { headers: { Origin: EVIL }, multipart: revokeFields, maxRedirects: 0 });
    expect(revoke.status()).toBe(403);

    // Browsers name the requesting site in other ways too; each one is refused as well.
    const crossSiteHeaders: Record<string, string>[] = [{ Origin: "null" }, { "Sec-Fetch-Site": "cross-site" }, { Origin: EVIL, "Sec-Fetch-Site": "cross-site" }];
    for (const headers of crossSiteHeaders) {
      const attempt = await context.request.post("/account/sessions", { headers, multipart: revokeFields, maxRedirects: 0 });
      expect(attempt.status(), JSON.stringify(headers)).toBe(403);
    }

    // The same for the Sign out form and the cart's Update form.
    const signOutFields = await formFieldsOf(page, "Sign out");
    const signOutAttempt = await context.request.post("/account/sessions", { headers: { Origin: EVIL }, multipart: signOutFields, maxRedirects: 0 });
    expect(signOutAttempt.status()).toBe(403);
    const crossSiteSignOut = await context.request.post("/sign-out", { headers: { Origin: EVIL }, maxRedirects: 0 });
    expect(crossSiteSignOut.status()).toBe(403);

    await addToCart(page, "steel-water-bottle");
    await page.goto("/cart");
    const line = page.getByRole("list", { name: "Cart items" }).getByRole("listitem").filter({ hasText: "Insulated Steel Water Bottle" });
    await expect(line).toBeVisible();
    await line.getByLabel("Quantity").fill("0");
    const updateFields = await formFieldsOf(page, "Update");
    const emptyCart = await context.request.post("/cart", { headers: { Origin: EVIL }, multipart: updateFields, maxRedirects: 0 });
    expect(emptyCart.status()).toBe(403);
    const plainPost = await context.request.post("/cart", { headers: { Origin: EVIL }, form: { anything: "1" }, maxRedirects: 0 });
    expect(plainPost.status()).toBe(403);
    // A path that looks like a file is no exemption: /products/<x>.svg is the product page
    // route, and a server action can be posted to any page.
    const fileLike = await context.request.post("/products/ceramic-mug.svg", { headers: { Origin: EVIL }, form: { anything: "1" }, maxRedirects: 0 });
    expect(fileLike.status()).toBe(403);

    // Nothing changed: still signed in everywhere, both sessions alive, the line still there.
    await page.goto("/cart");
    await expect(line).toBeVisible();
    await expectSignedInAs(context, page, user);
    await expectSignedInAs(deviceB.context, deviceB.page, user);
    await openSessionsPage(page);
    expect(await otherSessionCount(page)).toBe(1);

    // Control: the very same replay from this site's own origin does revoke, so the 403
    // above came from the origin check, not from a malformed request.
    const sameSite = await context.request.post("/account/sessions", { headers: { Origin: new URL(baseURL()).origin }, multipart: revokeFields, maxRedirects: 0 });
    expect(sameSite.status()).toBeLessThan(400);
    await expectAnonymous(deviceB.context, deviceB.page);
    await deviceB.context.close();
  });
});

test.describe("someone else's order", () => {
  test("an order page is a 404 for every user but its owner", async ({ browser, context, page }) => {
    const owner = await registerNewUser(page);
    await addToCart(page, "enamel-pin-set");
    await page.goto("/checkout");
    const secretStreet = `${uniqueId()} Private Lane`;
    const orderUrl = await placeOrder(page, { name: owner.name, line1: secretStreet });
    await expect(page.getByText(secretStreet)).toBeVisible();
    const orderPath = new URL(orderUrl).pathname;

    const other = await newDevice(browser);
    await registerNewUser(other.page);
    const response = await other.page.goto(orderPath);
    expect(response?.status()).toBe(404);
    await expect(other.page.getByText(secretStreet)).toHaveCount(0);
    await expect(other.page.getByText(owner.name)).toHaveCount(0);
    await expect(other.page.getByText("Good Day Enamel Pin Set")).toHaveCount(0);
    await other.page.goto("/orders");
    await expect(other.page.locator(`a[href="${orderPath}"]`)).toHaveCount(0);

    for (const path of ["/orders/clzzzzzzzzzzzzzzzzzzzzzzz", "/orders/not-an-order", `/orders/${"9".repeat(300)}`, "/orders/%27%20OR%201%3D1--", "/orders/%00"]) {
      const unknown = await other.page.goto(path);
      expect(unknown?.status(), path).toBe(404);
    }

    // The owner still sees it.
    const own = await page.goto(orderPath);
    expect(own?.status()).toBe(200);
    await expect(page.getByText(secretStreet)).toBeVisible();
    expect((await authSession(context))?.user?.email).toBe(owner.email);
    await other.context.close();
  });
});

test.describe("someone else's cart", () => {
  test("changing or removing another shopper's cart line by its id changes nothing", async ({ browser, page }) => {
    // The victim, a guest with a pin set in the cart.
    await addToCart(page, "enamel-pin-set");
    await page.goto("/cart");
    const victimLine = page.getByRole("list", { name: "Cart items" }).getByRole("listitem").filter({ hasText: "Good Day Enamel Pin Set" });
    await expect(victimLine.getByLabel("Quantity")).toHaveValue("1");
    const victimItemId = (await formFieldsOf(page, "Update"))["itemId"];
    expect(victimItemId, "the Update form names the line it changes").toBeTruthy();

    // The attacker, with a cart of their own, sends their own valid forms with the victim's line id.
    const attacker = await newDevice(browser);
    await addToCart(attacker.page, "soy-candle");
    await attacker.page.goto("/cart");
    await attacker.page.getByLabel("Quantity").fill("5");
    const update = await formFieldsOf(attacker.page, "Update");
    const remove = await formFieldsOf(attacker.page, "Remove");
    const origin = { Origin: new URL(baseURL()).origin };
    for (const fields of [update, remove]) {
      const forged = await attacker.context.request.post("/cart", { headers: origin, multipart: { ...fields, itemId: victimItemId! }, maxRedirects: 0 });
      expect(forged.status()).toBeLessThan(500);
    }

    await page.goto("/cart");
    await expect(victimLine.getByLabel("Quantity")).toHaveValue("1");

    // Control: the attacker's unmodified Update form does change the attacker's own line.
    await attacker.context.request.post("/cart", { headers: origin, multipart: update, maxRedirects: 0 });
    await attacker.page.goto("/cart");
    await expect(attacker.page.getByLabel("Quantity")).toHaveValue("5");
    await attacker.context.close();
  });
});

test.describe("open redirect", () => {
  for (const next of ["https://evil.example", "//evil.example", "/\\evil.example", "https:evil.example", "/\t/evil.example", "javascript:alert(document.domain)"]) {
    test(`sign-in with next=${next} stays on this site`, async ({ page }) => {
      const user = await existingUser(page);
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await submitSignIn(page, user.email, user.password);
      await expectSignedIn(page);
      expect(new URL(page.url()).origin).toBe(new URL(baseURL()).origin);
      expect(page.url()).not.toContain("evil.example");
    });
  }

  test("registering with next=//evil.example stays on this site", async ({ page }) => {
    await page.goto(`/register?next=${encodeURIComponent("//evil.example")}`);
    await page.getByLabel("Name", { exact: true }).fill("Redirect Tester");
    await page.getByLabel("Email", { exact: true }).fill(uniqueEmail());
    await page.getByLabel("Password", { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expectSignedIn(page);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL()).origin);
  });

  test("a same-site next path is honoured", async ({ page }) => {
    const user = await existingUser(page);
    await page.goto(`/login?next=${encodeURIComponent("/account/sessions")}`);
    await submitSignIn(page, user.email, user.password);
    await expect(page).toHaveURL(/\/account\/sessions$/);
  });
});

test.describe("last unit race", () => {
  test("two shoppers ordering the last fountain pen at once: exactly one gets it", async ({ browser }) => {
    const buyers = [await newDevice(browser), await newDevice(browser)];
    for (const buyer of buyers) {
      await registerNewUser(buyer.page);
      await addToCart(buyer.page, "fountain-pen");
      await buyer.page.goto("/checkout");
      await expect(buyer.page.getByText("Navy Fountain Pen")).toBeVisible();
      await fillShippingAddress(buyer.page);
    }

    await Promise.all(buyers.map((buyer) => buyer.page.getByRole("button", { name: "Place order" }).click()));

    // Each page ends either on its new order or with a refusal that names the problem.
    async function outcome(page: Page): Promise<"order" | "refused" | "pending"> {
      if (/\/orders\/[^/]+$/.test(new URL(page.url()).pathname)) return "order";
      const refusal = page.getByRole("status").or(page.getByRole("alert")).filter({ hasText: /sold out|out of stock|only \d+ left/i });
      if ((await refusal.count()) > 0) return "refused";
      return "pending";
    }
    const outcomes: string[] = [];
    for (const { page } of buyers) {
      await expect.poll(() => outcome(page)).not.toBe("pending");
      outcomes.push(await outcome(page));
    }
    expect([...outcomes].sort()).toEqual(["order", "refused"]);

    const loser = buyers[outcomes.indexOf("refused")]!;
    await expect(loser.page).toHaveURL(/\/checkout$/);

    const visitor = await newDevice(browser);
    await visitor.page.goto("/products/fountain-pen");
    await expect(visitor.page.getByText("Sold out").first()).toBeVisible();
    await expect(visitor.page.getByRole("button", { name: "Add to cart" })).toBeDisabled();
    await visitor.context.close();
    for (const buyer of buyers) await buyer.context.close();
  });
});

/**
 * What lib/session/proof.ts would seal for `token`, under the e2e servers' AUTH_SECRET
 * (scripts/e2e-server.mjs): HKDF-SHA256 of the secret for "session-proof", HMAC-SHA256 of
 * the base64url JSON. Written out here, not imported, because the point is a client
 * holding the key.
 */
function sealedProof(token: string, requestId: string, user: { id: string; name: string; email: string; role: string }): string {
  const secret = process.env.AUTH_SECRET ?? "e2e-only-secret-that-is-at-least-32-characters";
  const key = Buffer.from(hkdfSync("sha256", secret, "secure-sessions-shop", "session-proof", 32));
  const now = Date.now();
  const session = {
    id: createHash("sha256").update(token).digest("hex"),
    userId: user.id,
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt: now + 3_600_000,
    absoluteExpiresAt: now + 3_600_000,
    ipAddress: null,
    userAgent: null,
    authenticatedAt: now,
    notice: null,
  };
  const payload = { token: session.id, requestId, expiresAt: now + 60_000, session, user };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}
