import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
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
  TOKEN_SHAPE,
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

    await signOut(page);
    expect(await sessionCookie(context), "sign-out removes the cookie from the browser").toBeUndefined();

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
    await expect(attacker.page.getByText("Sunrise Linen Tote")).toBeVisible();

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
    await expect(page.getByText("Sunrise Linen Tote")).toBeVisible();
    await fresh.context.close();
    await attacker.context.close();
  });

  test("an attacker-chosen cookie value sent with the sign-in is replaced by a new token", async ({ browser, context, page }) => {
    const user = await existingUser(page);
    const chosen = randomBytes(32).toString("base64url");
    expect(chosen).toMatch(TOKEN_SHAPE);

    await page.goto("/login");
    // Planted after the page loaded, so the sign-in request itself carries it.
    await plantSessionCookie(context, chosen);
    await submitSignIn(page, user.email, user.password);
    await expectSignedIn(page);

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

test.describe("revoked device", () => {
  test("a device revoked from the sessions page is signed out on its very next request", async ({ browser, context, page }) => {
    const user = await registerNewUser(page);
    const deviceB = await newDevice(browser);
    await signIn(deviceB.page, user.email, user.password);
    await expectSignedInAs(deviceB.context, deviceB.page, user);

    await openSessionsPage(page);
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

  // Writes `when` in the same format the app's Prisma adapter used for the existing value:
  // ISO text (with "Z" or "+00:00") or unix milliseconds, as a number or as text.
  function sameFormat(existing: unknown, when: Date): string | number {
    if (typeof existing === "number") return when.getTime();
    if (typeof existing === "bigint") return when.getTime();
    if (typeof existing !== "string") throw new Error(`unexpected DateTime storage: ${typeof existing}`);
    if (/^\d+$/.test(existing)) return String(when.getTime());
    const iso = when.toISOString();
    if (existing.endsWith("+00:00")) return iso.replace("Z", "+00:00");
    if (/^\d{4}-\d\d-\d\d \d/.test(existing)) return iso.replace("T", " ").replace("Z", "");
    return iso;
  }

  /** Moves one expiry of all the user's sessions into the past; returns how many rows changed. */
  function expireSessionsOf(email: string, column: ExpiryColumn): number {
    const db = openDatabase();
    try {
      const rows = db
        .prepare(`SELECT s.id AS id, s.${column} AS value FROM "Session" s JOIN "User" u ON u.id = s.userId WHERE u.email = ?`)
        .all(email) as { id: string; value: unknown }[];
      const past = new Date(Date.now() - 60_000);
      const update = db.prepare(`UPDATE "Session" SET ${column} = ? WHERE id = ?`);
      for (const row of rows) update.run(sameFormat(row.value, past), row.id);
      return rows.length;
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
  const realTokenShape = randomBytes(32).toString("base64url");
  const garbage: Record<string, () => Promise<string> | string> = {
    "random garbage": () => "not-a-session-at-all!!",
    "an unknown well-formed token": () => realTokenShape,
    "a 4 KB value": () => "A".repeat(4000),
    "odd characters": () => `%00"quoted"%3Binjected%3D1%0D%0A'--`,
  };

  async function expectBadCookieRejected(context: BrowserContext, page: Page, value: string): Promise<void> {
    for (const path of ["/", "/cart"]) {
      await plantSessionCookie(context, value);
      const response = await page.goto(path);
      expect(response?.status(), `${path} must not fail`).toBe(200);
      await expectSignedOut(page);
      expect(await sessionCookie(context), `${path} deletes the bad cookie`).toBeUndefined();
    }

    await plantSessionCookie(context, value);
    const response = await page.goto("/orders");
    expect(response?.status(), "/orders must not fail").toBeLessThan(500);
    await expect(page).toHaveURL(/\/login\?next=%2Forders$/);
    expect(await sessionCookie(context), "/orders deletes the bad cookie").toBeUndefined();

    await plantSessionCookie(context, value);
    const api = await context.request.get("/api/auth/session");
    expect(api.status()).toBe(200);
    expect(await api.json()).toBeNull();
    const setCookie = api.headersArray().filter((header) => header.name.toLowerCase() === "set-cookie").map((header) => header.value);
    expect(
      setCookie.some((header) => header.startsWith("shop_session=;") || (header.startsWith("shop_session=") && /max-age=0|expires=thu, 01 jan 1970/i.test(header))),
      `/api/auth/session asks the browser to delete the bad cookie (got: ${setCookie.join(" | ") || "no Set-Cookie"})`,
    ).toBe(true);
  }

  for (const [label, make] of Object.entries(garbage)) {
    test(`${label} as the session cookie is treated as no session`, async ({ context, page }) => {
      await expectBadCookieRejected(context, page, await make());
    });
  }

  test("a truncated real token is treated as no session, and the real session survives", async ({ browser, context, page }) => {
    const user = await registerNewUser(page);
    const token = await sessionToken(context);
    const attacker = await newDevice(browser);
    await expectBadCookieRejected(attacker.context, attacker.page, token.slice(0, 30));
    await expectBadCookieRejected(attacker.context, attacker.page, `${token}x`);
    await expectSignedInAs(context, page, user);
    await attacker.context.close();
  });

  test("raw Cookie headers the browser would never send do not cause a server error", async ({ playwright }) => {
    const request = await playwright.request.newContext({ baseURL: baseURL() });
    const values = ["%00", '"', '";"', "a;b", "=", "shop_session=x", "\u00e9\u00e8", "x".repeat(8000), ""];
    for (const value of values) {
      for (const path of ["/", "/cart", "/orders", "/api/auth/session"]) {
        const response = await request.get(path, {
          headers: { cookie: `shop_session=${value}; other=1` },
          maxRedirects: 0,
        });
        expect(response.status(), `${path} with shop_session=${JSON.stringify(value.slice(0, 20))}`).toBeLessThan(500);
      }
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
    expect(cookie!.expires === -1 || cookie!.expires * 1000 <= Date.now() + 24 * 3600 * 1000).toBe(true);

    const visible = await page.evaluate(() => document.cookie);
    expect(visible).not.toContain("shop_session");
    expect(visible).not.toContain(cookie!.value);
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

    // The same for the Sign out form and the cart's Update form.
    const signOutFields = await formFieldsOf(page, "Sign out");
    const signOutAttempt = await context.request.post("/account/sessions", { headers: { Origin: EVIL }, multipart: signOutFields, maxRedirects: 0 });
    expect(signOutAttempt.status()).toBe(403);

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

test.describe("open redirect", () => {
  for (const next of ["https://evil.example", "//evil.example", "/\\evil.example", "https:evil.example"]) {
    test(`sign-in with next=${next} stays on this site`, async ({ page }) => {
      const user = await existingUser(page);
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await submitSignIn(page, user.email, user.password);
      await expectSignedIn(page);
      expect(new URL(page.url()).origin).toBe(new URL(baseURL()).origin);
      expect(page.url()).not.toContain("evil.example");
    });
  }

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
