import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import {
  clearSessionCookie,
  getCurrentSession,
  getOrCreateSession,
  readSentSessionTokens,
  readSessionToken,
  requireUser,
  setSessionCookie,
} from "@/lib/session/current";
import { createSession, sessionLimits, sessionPolicy } from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";
import { newRequest, redirectOf } from "./helpers/request";

// lib/session/current.ts is the request side of the session authority: what pages,
// layouts and actions call. Proxy checks first, but these checks must hold on their own.

const device = { ipAddress: null, userAgent: null };
const browser = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36", "x-forwarded-for": "192.0.2.44" };

vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

beforeEach(resetDatabase);

describe("requireUser", () => {
  it("sends an anonymous visitor to sign in, with the page to come back to", async () => {
    newRequest(browser);
    expect(await redirectOf(requireUser("/orders/abc?x=1"))).toBe("/login?next=%2Forders%2Fabc%3Fx%3D1");
  });

  it("sends a guest (a session without a user) to sign in as well", async () => {
    const guest = await createSession({ userId: null, device });
    newRequest({ ...browser, cookie: `shop_session=${guest.token}` });
    expect(await redirectOf(requireUser("/checkout"))).toBe("/login?next=%2Fcheckout");
  });

  it("sends a revoked or expired session to sign in", async () => {
    const user = await createUser();
    const { token, session } = await createSession({ userId: user.id, device });
    await db.session.delete({ where: { id: session.id } });
    newRequest({ ...browser, cookie: `shop_session=${token}` });
    expect(await redirectOf(requireUser("/orders"))).toBe("/login?next=%2Forders");
  });

  it("returns the session and the user for a live signed-in session", async () => {
    const user = await createUser();
    const { token, session } = await createSession({ userId: user.id, device });
    newRequest({ ...browser, cookie: `shop_session=${token}` });
    const result = await requireUser("/orders");
    expect(result.user).toEqual(user);
    expect(result.session.id).toBe(session.id);
  });

  // Pages check the browser themselves, as proxy does: proxy is never the only gate.
  it("sends a session presented by another browser to sign in, and ends it; records a new address", async () => {
    const user = await createUser();
    const signedIn = await createSession({ userId: user.id, device: { ipAddress: "192.0.2.44", userAgent: browser["user-agent"] } });
    newRequest({ ...browser, "x-forwarded-for": "198.51.100.1", cookie: `shop_session=${signedIn.token}` });
    expect((await requireUser("/orders")).session.ipAddress).toBe("198.51.100.1");

    newRequest({ ...browser, "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", cookie: `shop_session=${signedIn.token}` });
    expect(await redirectOf(requireUser("/orders"))).toBe("/login?next=%2Forders");
    expect(await db.session.count({ where: { id: signedIn.session.id } })).toBe(0);
  });
});

describe("reading the cookie", () => {
  it("reads the plain-HTTP cookie name, and ignores the __Host- one there", async () => {
    const user = await createUser();
    const { token } = await createSession({ userId: user.id, device });
    newRequest({ cookie: `__Host-shop_session=${token}` });
    expect(await readSessionToken()).toBeUndefined();
    expect((await getCurrentSession()).user).toBeNull();

    newRequest({ cookie: `other=1; shop_session=${token}` });
    expect(await readSessionToken()).toBe(token);
    expect((await getCurrentSession()).user?.id).toBe(user.id);
  });
});

describe("one cookie, one answer", () => {
  it("two values for the session cookie are no session, whichever of them is live", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const a = await createSession({ userId: alice.id, device });
    const b = await createSession({ userId: bob.id, device });
    newRequest({ cookie: `shop_session=${a.token}; shop_session=${b.token}` });
    expect(await readSessionToken()).toBeUndefined();
    expect(await getCurrentSession()).toEqual({ session: null, user: null });
  });

  it("still tells sign-out every token the browser sent, so it can end them all", async () => {
    const user = await createUser();
    const a = await createSession({ userId: user.id, device });
    const b = await createSession({ userId: null, device });
    newRequest({ cookie: `shop_session=${a.token}; other=1; shop_session=${b.token}` });
    expect(await readSentSessionTokens()).toEqual([a.token, b.token]);
    newRequest({ cookie: `__Host-shop_session=${a.token}` });
    expect(await readSentSessionTokens()).toEqual([]);
  });

  it("sees a cookie an action set earlier in the same request, not the one the browser sent", async () => {
    const user = await createUser();
    const old = await createSession({ userId: null, device });
    newRequest({ cookie: `shop_session=${old.token}` });
    const next = await createSession({ userId: user.id, device });
    await setSessionCookie(next);
    expect(await readSessionToken()).toBe(next.token);
  });
});

describe("writing the cookie", () => {
  it("sets the token HttpOnly, SameSite=Lax, host-wide, expiring with the session's absolute timeout", async () => {
    const request = newRequest(browser);
    const created = await createSession({ userId: null, device });
    await setSessionCookie(created);
    expect(request.written).toEqual([
      {
        name: "shop_session",
        value: created.token,
        options: { httpOnly: true, sameSite: "lax", path: "/", secure: false, expires: created.session.absoluteExpiresAt },
      },
    ]);
  });

  it("clears it with the same attributes, so the browser really drops it", async () => {
    const request = newRequest(browser);
    await clearSessionCookie();
    expect(request.written).toEqual([
      { name: "shop_session", value: "", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false, maxAge: 0 } },
    ]);
  });
});

describe("getOrCreateSession", () => {
  it("creates a guest session with the request's device and sets its cookie", async () => {
    const request = newRequest(browser);
    const session = await getOrCreateSession();
    expect(session).not.toBeNull();
    expect(session).toMatchObject({ userId: null, ipAddress: "192.0.2.44", userAgent: browser["user-agent"] });
    expect(session!.absoluteExpiresAt.getTime() - session!.createdAt.getTime()).toBe(sessionPolicy.absoluteTimeoutMs);
    expect(await db.session.count()).toBe(1);
    expect(request.written).toHaveLength(1);
    expect(request.written[0]).toMatchObject({ name: "shop_session", options: { httpOnly: true } });
  });

  it("starts none, and sets no cookie, for a network over its hourly guest limit", async () => {
    for (let i = 0; i < sessionLimits.guestsPerHour; i += 1) {
      await createSession({ userId: null, device: { ipAddress: "192.0.2.44", userAgent: null } });
    }
    const request = newRequest(browser);
    expect(await getOrCreateSession()).toBeNull();
    expect(request.written).toEqual([]);
    expect(await db.session.count()).toBe(sessionLimits.guestsPerHour);
  });

  it("reuses a live session and writes nothing", async () => {
    const existing = await createSession({ userId: null, device });
    const request = newRequest({ ...browser, cookie: `shop_session=${existing.token}` });
    expect((await getOrCreateSession())?.id).toBe(existing.session.id);
    expect(await db.session.count()).toBe(1);
    expect(request.written).toEqual([]);
  });
});
