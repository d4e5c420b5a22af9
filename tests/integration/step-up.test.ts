import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { authenticateUser } from "@/lib/auth/accounts";
import { startUserSession } from "@/lib/auth/sign-in";
import { reauthenticate, requireAdmin, requireRecentAuthentication } from "@/lib/auth/step-up";
import {
  createSession,
  isSudo,
  listUserSessions,
  revokeAllUserSessions,
  rotateSession,
  sessionLimits,
  setSessionNotice,
  sudoWindowMs,
  validateSessionToken,
} from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";
import { newRequest, redirectOf } from "./helpers/request";

// Step-up re-authentication ("sudo mode") and the privilege changes built on rotation.
// A session may do sensitive things only within SUDO_WINDOW_SECONDS of its user proving
// who they are; proving it again rotates the session. Everything here runs against the
// real database; only Next's request scope is replaced (tests/integration/helpers/request.ts).

vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

const PASSWORD = "correct horse battery";
const laptop = { ipAddress: "203.0.113.10", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const phone = { ipAddress: "198.51.100.77", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile/15E148 Safari/604.1" };
const NO_SESSION = { session: null, user: null };

beforeEach(resetDatabase);

/** A signed-in session whose last proof of identity lies `ageMs` in the past. */
async function sessionAuthenticatedAgo(userId: string, ageMs: number, device = laptop) {
  const created = await createSession({ userId, device });
  const authenticatedAt = new Date(Date.now() - ageMs);
  await db.session.update({ where: { id: created.session.id }, data: { authenticatedAt } });
  return { ...created, authenticatedAt };
}

async function row(id: string) {
  return db.session.findUnique({ where: { id } });
}

/** The 404 a call ended in (Next's notFound()), or false when it ended otherwise. */
async function isNotFound(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return false;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (digest === "NEXT_HTTP_ERROR_FALLBACK;404") return true;
    throw error;
  }
}

function requestWith(token: string) {
  return newRequest({ cookie: `shop_session=${token}`, "user-agent": laptop.userAgent, "x-forwarded-for": laptop.ipAddress });
}

describe("the sudo window of a session", () => {
  it("opens at sign-in: a fresh signed-in session may act at once", async () => {
    const user = await createUser();
    const before = Date.now();
    const { session } = await startUserSession(user, { previousToken: undefined, device: laptop });
    expect(session.authenticatedAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(isSudo(session)).toBe(true);
  });

  it("is closed for a session whose last proof of identity is older than the window", async () => {
    const user = await createUser();
    const { session } = await sessionAuthenticatedAgo(user.id, sudoWindowMs + 1000);
    expect(isSudo((await row(session.id))!)).toBe(false);
  });

  it("ends exactly SUDO_WINDOW_SECONDS after the proof, measured from the row", async () => {
    const user = await createUser();
    const { session } = await createSession({ userId: user.id, device: laptop });
    const proof = session.authenticatedAt!.getTime();
    expect(isSudo(session, new Date(proof + sudoWindowMs - 1))).toBe(true);
    expect(isSudo(session, new Date(proof + sudoWindowMs))).toBe(false);
    // The default window is ten minutes (env.ts); the tests run with it.
    expect(sudoWindowMs).toBe(600_000);
  });

  it("never opens for a guest session, which has no proof of identity", async () => {
    const { session } = await createSession({ userId: null, device: laptop });
    expect(session.authenticatedAt).toBeNull();
    expect(isSudo(session)).toBe(false);
  });

  it("is not extended by activity: a renewal moves lastSeenAt, never authenticatedAt", async () => {
    const user = await createUser();
    const { token, session, authenticatedAt } = await sessionAuthenticatedAgo(user.id, sudoWindowMs - 5000);
    // Used again well past the renewal interval: the lookup writes the renewal.
    const later = new Date(Date.now() + 120_000);
    const renewed = await validateSessionToken(token, later);
    expect(renewed.session?.lastSeenAt).toEqual(later);
    expect(renewed.session?.authenticatedAt).toEqual(authenticatedAt);
    const stored = (await row(session.id))!;
    expect(stored.lastSeenAt).toEqual(later);
    expect(stored.authenticatedAt).toEqual(authenticatedAt);
    expect(isSudo(stored, later)).toBe(false);
  });
});

describe("re-authentication", () => {
  it("rotates the session: a new token, the old one dead at once, the window opened again", async () => {
    const user = await createUser({ password: PASSWORD });
    const old = await sessionAuthenticatedAgo(user.id, sudoWindowMs * 2);

    const confirmed = await reauthenticate(user, PASSWORD, { previousToken: old.token, device: phone });

    expect(confirmed).not.toBeNull();
    expect(confirmed!.token).not.toBe(old.token);
    expect(confirmed!.session.id).not.toBe(old.session.id);
    expect(await validateSessionToken(old.token)).toEqual(NO_SESSION);
    expect(await row(old.session.id)).toBeNull();
    const now = await validateSessionToken(confirmed!.token);
    expect(now.user).toEqual(user);
    expect(now.session!.authenticatedAt!.getTime()).toBeGreaterThan(old.authenticatedAt.getTime());
    expect(isSudo(now.session!)).toBe(true);
  });

  it("records the confirming request's device and keeps the session's notice", async () => {
    const user = await createUser({ password: PASSWORD });
    const old = await createSession({ userId: user.id, device: laptop });
    await db.$transaction((tx) => setSessionNotice(tx, old.session.id, "1 item from this browser was added to your cart."));

    const confirmed = await reauthenticate(user, PASSWORD, { previousToken: old.token, device: phone });

    expect(confirmed!.session).toMatchObject({ ...phone, userId: user.id });
    expect(await row(confirmed!.session.id)).toMatchObject({ ...phone, notice: "1 item from this browser was added to your cart." });
    expect(confirmed!.endedSessions).toBe(0);
  });

  it("never hands one user's notice to another who signs in on the same browser", async () => {
    const [first, second] = [await createUser(), await createUser()];
    const previous = await createSession({ userId: first.id, device: laptop });
    await db.$transaction((tx) => setSessionNotice(tx, previous.session.id, "2 items from this browser were added to your cart."));

    const next = await startUserSession(second, { previousToken: previous.token, device: laptop });

    expect((await row(next.session.id))?.notice).toBeNull();
    expect(await row(previous.session.id)).toBeNull();
  });

  it("leaves the user's other sessions, and other users' sessions, untouched", async () => {
    const [user, other] = [await createUser({ password: PASSWORD }), await createUser()];
    const current = await createSession({ userId: user.id, device: laptop });
    const tablet = await sessionAuthenticatedAgo(user.id, 1000, phone);
    const bystander = await createSession({ userId: other.id, device: laptop });
    const before = [(await row(tablet.session.id))!, (await row(bystander.session.id))!];

    await reauthenticate(user, PASSWORD, { previousToken: current.token, device: laptop });

    expect([await row(tablet.session.id), await row(bystander.session.id)]).toEqual(before);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(2);
  });

  it("at the per-user limit, replaces the confirming session and signs no other device out", async () => {
    const user = await createUser({ password: PASSWORD });
    const sessions = [];
    for (let i = sessionLimits.perUser; i > 0; i -= 1) {
      sessions.push(await createSession({ userId: user.id, device: laptop, now: new Date(Date.now() - i * 1000) }));
    }
    // The most recently active session confirms. Counted before the row it replaces is
    // gone, the limit would end the least recently active one, a device still in use.
    const confirming = sessions.pop()!;

    const confirmed = await reauthenticate(user, PASSWORD, { previousToken: confirming.token, device: laptop });

    for (const kept of sessions) expect(await row(kept.session.id)).not.toBeNull();
    expect(await row(confirming.session.id)).toBeNull();
    expect(await row(confirmed!.session.id)).not.toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(sessionLimits.perUser);
  });

  it("with a wrong password changes nothing: the same token, row and window", async () => {
    const user = await createUser({ password: PASSWORD });
    const old = await sessionAuthenticatedAgo(user.id, sudoWindowMs * 2);
    const before = await db.session.findMany();

    expect(await reauthenticate(user, `${PASSWORD}!`, { previousToken: old.token, device: phone })).toBeNull();
    expect(await reauthenticate(user, "", { previousToken: old.token, device: phone })).toBeNull();

    expect(await db.session.findMany()).toEqual(before);
    expect((await validateSessionToken(old.token)).session?.id).toBe(old.session.id);
  });

  it("is refused to a disabled account, even with the right password", async () => {
    const user = await createUser({ password: PASSWORD });
    const old = await createSession({ userId: user.id, device: laptop });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const before = await db.session.findMany();

    expect(await reauthenticate(user, PASSWORD, { previousToken: old.token, device: laptop })).toBeNull();
    expect(await db.session.findMany()).toEqual(before);
  });

  it("checks the password of the signed-in user, not of whoever else it might match", async () => {
    const [user, other] = [await createUser({ password: PASSWORD }), await createUser({ password: "another long passphrase" })];
    const old = await createSession({ userId: user.id, device: laptop });
    // The other user's password does not confirm this user.
    expect(await reauthenticate(user, "another long passphrase", { previousToken: old.token, device: laptop })).toBeNull();
    expect(await authenticateUser(other.id, "another long passphrase")).toEqual(other);
  });
});

describe("checking the password of a signed-in user", () => {
  it("answers the user's session fields for the right password", async () => {
    const user = await createUser({ password: PASSWORD });
    expect(await authenticateUser(user.id, PASSWORD)).toEqual(user);
  });

  it("answers null for a wrong password, an unknown user, a disabled one, and one without a password", async () => {
    const user = await createUser({ password: PASSWORD });
    expect(await authenticateUser(user.id, `${PASSWORD} `)).toBeNull();
    expect(await authenticateUser("no-such-user", PASSWORD)).toBeNull();
    const passwordless = await db.user.create({ data: { name: "Link user", email: "link@example.test" } });
    expect(await authenticateUser(passwordless.id, PASSWORD)).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await authenticateUser(user.id, PASSWORD)).toBeNull();
  });
});

describe("requireRecentAuthentication", () => {
  it("sends an anonymous visitor, or a guest, to sign in, coming back to the page", async () => {
    newRequest();
    expect(await redirectOf(requireRecentAuthentication("/account/sessions"))).toBe("/login?next=%2Faccount%2Fsessions");
    const guest = await createSession({ userId: null, device: laptop });
    requestWith(guest.token);
    expect(await redirectOf(requireRecentAuthentication("/account/sessions"))).toBe("/login?next=%2Faccount%2Fsessions");
  });

  it("sends a user outside the window to confirm, coming back to the page", async () => {
    const user = await createUser();
    const { token } = await sessionAuthenticatedAgo(user.id, sudoWindowMs);
    requestWith(token);
    expect(await redirectOf(requireRecentAuthentication("/account/sessions?x=1"))).toBe("/account/confirm?next=%2Faccount%2Fsessions%3Fx%3D1");
  });

  it("lets a user inside the window through, with their session and user", async () => {
    const user = await createUser();
    const { token, session } = await sessionAuthenticatedAgo(user.id, sudoWindowMs - 10_000);
    requestWith(token);
    const result = await requireRecentAuthentication("/account/sessions");
    expect(result.user).toEqual(user);
    expect(result.session.id).toBe(session.id);
  });
});

describe("requireAdmin", () => {
  async function admin() {
    const user = await createUser();
    return db.user.update({ where: { id: user.id }, data: { role: "ADMIN" }, select: { id: true, name: true, email: true, role: true } });
  }

  it("answers 404 to an anonymous visitor, a guest and a customer, even one inside the window", async () => {
    newRequest();
    expect(await isNotFound(requireAdmin("/admin"))).toBe(true);
    const guest = await createSession({ userId: null, device: laptop });
    requestWith(guest.token);
    expect(await isNotFound(requireAdmin("/admin"))).toBe(true);
    const customer = await createUser();
    const { token } = await createSession({ userId: customer.id, device: laptop });
    requestWith(token);
    expect(await isNotFound(requireAdmin("/admin"))).toBe(true);
  });

  it("sends an admin outside the window to confirm, and lets one inside through", async () => {
    const user = await admin();
    const stale = await sessionAuthenticatedAgo(user.id, sudoWindowMs + 1);
    requestWith(stale.token);
    expect(await redirectOf(requireAdmin("/admin/users"))).toBe("/account/confirm?next=%2Fadmin%2Fusers");

    const fresh = await createSession({ userId: user.id, device: laptop });
    requestWith(fresh.token);
    const result = await requireAdmin("/admin/users");
    expect(result.user).toEqual(user);
    expect(result.session.id).toBe(fresh.session.id);
  });

  it("reads the role from the user row at each lookup: a demoted admin gets the 404 at once", async () => {
    const user = await admin();
    const { token } = await createSession({ userId: user.id, device: laptop });
    await db.user.update({ where: { id: user.id }, data: { role: "CUSTOMER" } });
    requestWith(token);
    expect(await isNotFound(requireAdmin("/admin"))).toBe(true);
  });
});

describe("a privilege change committed with the rotation", () => {
  it("rolls everything back when the change throws: no new session, the old one alive", async () => {
    const user = await createUser();
    const old = await createSession({ userId: user.id, device: laptop });
    const failing = rotateSession({
      previousToken: old.token,
      userId: user.id,
      device: laptop,
      endOtherSessions: true,
      change: async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { name: "Changed" } });
        throw new Error("the change failed");
      },
    });
    await expect(failing).rejects.toThrow("the change failed");
    expect((await db.session.findMany()).map((s) => s.id)).toEqual([old.session.id]);
    expect((await validateSessionToken(old.token)).user).toEqual(user);
  });

  it("commits the change together with the new session", async () => {
    const user = await createUser();
    const old = await createSession({ userId: user.id, device: laptop });
    const next = await rotateSession({
      previousToken: old.token,
      userId: user.id,
      device: laptop,
      change: async (tx) => void (await tx.user.update({ where: { id: user.id }, data: { name: "Changed" } })),
    });
    expect((await validateSessionToken(next.token)).user?.name).toBe("Changed");
    expect(await validateSessionToken(old.token)).toEqual(NO_SESSION);
  });

  it("with endOtherSessions, ends every other session of the user and counts them", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const current = await createSession({ userId: user.id, device: laptop });
    for (let i = 0; i < 3; i += 1) await createSession({ userId: user.id, device: phone });
    const bystander = await createSession({ userId: other.id, device: phone });

    const next = await rotateSession({ previousToken: current.token, userId: user.id, device: laptop, endOtherSessions: true });

    // The previous session is replaced, not counted among the ones ended.
    expect(next.endedSessions).toBe(3);
    expect((await listUserSessions(user.id)).map((s) => s.id)).toEqual([next.session.id]);
    expect(await row(bystander.session.id)).toEqual(bystander.session);
  });

  it("without endOtherSessions, ends nothing but the previous session", async () => {
    const user = await createUser();
    const current = await createSession({ userId: user.id, device: laptop });
    const tablet = await createSession({ userId: user.id, device: phone });
    const next = await rotateSession({ previousToken: current.token, userId: user.id, device: laptop });
    expect(next.endedSessions).toBe(0);
    expect((await listUserSessions(user.id)).map((s) => s.id).sort()).toEqual([next.session.id, tablet.session.id].sort());
  });

  it("a guest rotation with endOtherSessions ends no one's sessions", async () => {
    const user = await createUser();
    const signedIn = await createSession({ userId: user.id, device: laptop });
    const guest = await createSession({ userId: null, device: phone });
    const otherGuest = await createSession({ userId: null, device: phone });
    const next = await rotateSession({ previousToken: guest.token, userId: null, device: phone, endOtherSessions: true });
    expect(next.endedSessions).toBe(0);
    expect(await row(signedIn.session.id)).not.toBeNull();
    expect(await row(otherGuest.session.id)).not.toBeNull();
  });
});

describe("ending every session of a user", () => {
  it("deletes all of the user's sessions, counts them, and spares everyone else", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const mine = [await createSession({ userId: user.id, device: laptop }), await createSession({ userId: user.id, device: phone })];
    const bystander = await createSession({ userId: other.id, device: laptop });
    const guest = await createSession({ userId: null, device: laptop });

    expect(await revokeAllUserSessions(user.id, { reason: "admin", device: laptop })).toBe(2);
    for (const { token } of mine) expect(await validateSessionToken(token)).toEqual(NO_SESSION);
    expect(await row(bystander.session.id)).toEqual(bystander.session);
    expect(await row(guest.session.id)).toEqual(guest.session);
    expect(await revokeAllUserSessions(user.id, { reason: "admin", device: laptop })).toBe(0);
  });

  it("inside a caller's transaction, is undone with it", async () => {
    const user = await createUser();
    const { token } = await createSession({ userId: user.id, device: laptop });
    const failing = db.$transaction(async (tx) => {
      expect(await revokeAllUserSessions(user.id, { reason: "admin", device: laptop }, tx)).toBe(1);
      throw new Error("the disable failed");
    });
    await expect(failing).rejects.toThrow("the disable failed");
    expect((await validateSessionToken(token)).user).toEqual(user);
  });
});

describe("a disabled account", () => {
  it("has its session refused at lookup, and the row deleted", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const { token, session } = await createSession({ userId: user.id, device: laptop });
    const bystander = await createSession({ userId: other.id, device: laptop });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });

    expect(await validateSessionToken(token)).toEqual(NO_SESSION);
    expect(await row(session.id)).toBeNull();
    expect(await row(bystander.session.id)).toEqual(bystander.session);
  });

  it("stays signed out when enabled again: the old session is gone for good", async () => {
    const user = await createUser({ password: PASSWORD });
    const { token } = await createSession({ userId: user.id, device: laptop });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await validateSessionToken(token)).toEqual(NO_SESSION);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    // The old token stays dead: its row is gone.
    expect(await validateSessionToken(token)).toEqual(NO_SESSION);
    expect(await authenticateUser(user.id, PASSWORD)).toEqual(user);
  });
});
