import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  createGuestSession,
  createSession,
  deleteExpiredSessions,
  invalidateSessionToken,
  invalidateSessionTokens,
  listUserSessions,
  revokeOtherUserSessions,
  rotateSession,
  sessionLimits,
  sessionPolicy,
  validateSessionToken,
} from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";
import { withTrigger } from "./helpers/triggers";

// Every write of the session store names exactly the rows it means. A `where` that lost
// its condition (`deleteMany({})`) would sign out, expire or renew every user at once;
// these tests keep a bystander's session next to the one acted on and check it survives
// untouched.

const device = { ipAddress: "198.51.100.20", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const start = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const NO_SESSION = { session: null, user: null };

beforeEach(resetDatabase);

async function row(id: string) {
  return db.session.findUnique({ where: { id } });
}

describe("each write touches only its own row", () => {
  it("sign-out deletes the signed-out session and no one else's", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const aliceLaptop = await createSession({ userId: alice.id, device });
    const bobPhone = await createSession({ userId: bob.id, device });
    const guest = await createSession({ userId: null, device });

    await invalidateSessionToken(aliceLaptop.token);

    expect(await row(aliceLaptop.session.id)).toBeNull();
    expect(await row(bobPhone.session.id)).toEqual(bobPhone.session);
    expect(await row(guest.session.id)).toEqual(guest.session);
  });

  it("sign-out with a malformed token deletes nothing", async () => {
    const user = await createUser();
    const live = await createSession({ userId: user.id, device });
    await invalidateSessionToken(undefined);
    await invalidateSessionToken("not-a-token");
    expect(await db.session.count()).toBe(1);
    expect((await validateSessionToken(live.token)).user?.id).toBe(user.id);
  });

  it("an expired session met at lookup is deleted alone", async () => {
    const user = await createUser();
    const expired = await createSession({ userId: user.id, device, now: start });
    const later = at(sessionPolicy.idleTimeoutMs);
    const bystander = await createSession({ userId: user.id, device, now: later });

    expect(await validateSessionToken(expired.token, later)).toEqual(NO_SESSION);
    expect(await row(expired.session.id)).toBeNull();
    expect(await row(bystander.session.id)).toEqual(bystander.session);
  });

  it("a renewal rewrites the renewed session's times and no other row's", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const renewed = await createSession({ userId: alice.id, device, now: start });
    const bystander = await createSession({ userId: bob.id, device, now: start });

    const later = at(sessionPolicy.renewalIntervalMs);
    const result = await validateSessionToken(renewed.token, later);
    expect(result.session).toMatchObject({ lastSeenAt: later, idleExpiresAt: at(sessionPolicy.renewalIntervalMs + sessionPolicy.idleTimeoutMs) });
    expect(await row(renewed.session.id)).toMatchObject({ lastSeenAt: later });
    expect(await row(bystander.session.id)).toEqual(bystander.session);
  });

  it("signing out other sessions spares the current one and other users", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const current = await createSession({ userId: alice.id, device });
    await createSession({ userId: alice.id, device });
    const bobs = await createSession({ userId: bob.id, device });
    const guest = await createSession({ userId: null, device });

    expect(await revokeOtherUserSessions(alice.id, current.session.id, { reason: "user", device })).toBe(1);
    expect(await db.session.findMany({ orderBy: { id: "asc" } })).toEqual(
      [current.session, bobs.session, guest.session].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });
});

describe("a sign-out that lands during a renewal wins", () => {
  // The lookup reads the row, then writes the renewal. If the row vanished in between (a
  // sign-out or revocation on another request), the write matches nothing and the lookup
  // must answer "no session": the revocation is never overtaken. SQLite lets us put a real
  // database in that state: this trigger makes the renewal's UPDATE match no row, exactly
  // as if the row had been deleted between the read and the write.
  it("answers no session when the renewal's write finds the row gone", async () => {
    const user = await createUser();
    const { token, session } = await createSession({ userId: user.id, device, now: start });
    await withTrigger({ table: "Session", before: "UPDATE", effect: { skip: true } }, async () => {
      expect(await validateSessionToken(token, at(sessionPolicy.renewalIntervalMs))).toEqual(NO_SESSION);
    });
    // Without the race, the same lookup renews and answers the user.
    expect((await validateSessionToken(token, at(sessionPolicy.renewalIntervalMs))).session?.id).toBe(session.id);
  });
});

describe("rotation", () => {
  it("with no previous cookie (every fresh sign-in) creates a session and touches no other", async () => {
    const user = await createUser();
    const bystander = await createSession({ userId: null, device });
    let carried = false;
    const next = await rotateSession({
      previousToken: undefined,
      userId: user.id,
      device,
      carryOver: async () => {
        carried = true;
      },
    });
    expect(carried).toBe(false);
    expect((await validateSessionToken(next.token)).user?.id).toBe(user.id);
    expect(next.session).toMatchObject({ userId: user.id, ...device });
    expect(await row(bystander.session.id)).toEqual(bystander.session);
    expect(await db.session.count()).toBe(2);
  });

  it("with an expired previous session carries nothing over and deletes it", async () => {
    const user = await createUser();
    const stale = await createSession({ userId: null, device, now: start });
    const later = at(sessionPolicy.absoluteTimeoutMs);
    let carried = false;
    const next = await rotateSession({
      previousToken: stale.token,
      userId: user.id,
      device,
      now: later,
      carryOver: async () => {
        carried = true;
      },
    });
    expect(carried).toBe(false);
    expect(await row(stale.session.id)).toBeNull();
    expect(next.session).toMatchObject({ createdAt: later, userId: user.id });
  });

  it("deletes only the previous session, not the user's other devices", async () => {
    const user = await createUser();
    const phone = await createSession({ userId: user.id, device });
    const guest = await createSession({ userId: null, device });
    const next = await rotateSession({ previousToken: guest.token, userId: user.id, device });
    expect((await db.session.findMany()).map((s) => s.id).sort()).toEqual([phone.session.id, next.session.id].sort());
  });
});

describe("listing and housekeeping", () => {
  it("lists only the user's live sessions, most recently active first", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const now = at(sessionPolicy.absoluteTimeoutMs - 1000);
    // Created at the start and never used since: idle long ago, absolute not yet.
    await createSession({ userId: alice.id, device, now: start });
    const older = await createSession({ userId: alice.id, device, now: at(sessionPolicy.absoluteTimeoutMs - 3000) });
    const newer = await createSession({ userId: alice.id, device, now: at(sessionPolicy.absoluteTimeoutMs - 2000) });
    await createSession({ userId: bob.id, device, now: at(sessionPolicy.absoluteTimeoutMs - 2000) });

    expect((await listUserSessions(alice.id, now)).map((s) => s.id)).toEqual([newer.session.id, older.session.id]);
    // Past the absolute timeout of all of them, none is listed, however recent its activity.
    expect(await listUserSessions(alice.id, at(2 * sessionPolicy.absoluteTimeoutMs))).toEqual([]);
  });

  it("an absolute expiry alone is enough to hide a session from the list", async () => {
    const user = await createUser();
    const { session } = await createSession({ userId: user.id, device, now: start });
    // Idle expiry in the future, absolute expiry now: still dead.
    await db.session.update({ where: { id: session.id }, data: { idleExpiresAt: at(10 * sessionPolicy.absoluteTimeoutMs), absoluteExpiresAt: at(1000) } });
    expect(await listUserSessions(user.id, at(1000))).toEqual([]);
    expect(await listUserSessions(user.id, at(999))).toHaveLength(1);
  });

  it("housekeeping deletes sessions past either timeout, at the exact instant, and nothing live", async () => {
    const idleDead = await createSession({ userId: null, device, now: start });
    const absoluteDead = await createSession({ userId: null, device, now: start });
    await db.session.update({
      where: { id: absoluteDead.session.id },
      data: { idleExpiresAt: at(10 * sessionPolicy.absoluteTimeoutMs), absoluteExpiresAt: at(sessionPolicy.idleTimeoutMs) },
    });
    const live = await createSession({ userId: null, device, now: at(1) });

    expect(await deleteExpiredSessions(at(sessionPolicy.idleTimeoutMs - 1))).toBe(0);
    expect(await deleteExpiredSessions(at(sessionPolicy.idleTimeoutMs))).toBe(2);
    expect(await row(idleDead.session.id)).toBeNull();
    expect(await row(absoluteDead.session.id)).toBeNull();
    expect((await db.session.findMany()).map((s) => s.id)).toEqual([live.session.id]);
  });
});

describe("what one client can hold", () => {
  it("keeps at most sessionLimits.perUser sessions per user, ending the least recently active", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const bystander = await createSession({ userId: other.id, device, now: start });
    const created = [];
    for (let i = 0; i < sessionLimits.perUser; i += 1) created.push(await createSession({ userId: user.id, device, now: at(i * 1000) }));
    expect(await db.session.count({ where: { userId: user.id } })).toBe(sessionLimits.perUser);

    const newest = await createSession({ userId: user.id, device, now: at(sessionLimits.perUser * 1000) });
    const ids = (await db.session.findMany({ where: { userId: user.id } })).map((s) => s.id).sort();
    expect(ids).toEqual([...created.slice(1).map((s) => s.session.id), newest.session.id].sort());
    expect(await row(created[0]!.session.id)).toBeNull();
    expect(await row(bystander.session.id)).toEqual(bystander.session);
  });

  it("ends the least recently active session, not the oldest one", async () => {
    const user = await createUser();
    const sessions = [];
    for (let i = 0; i < sessionLimits.perUser; i += 1) sessions.push(await createSession({ userId: user.id, device, now: at(i * 1000) }));
    // The first one created is used again later than all the others: it is the one in use.
    const inUse = sessions[0]!;
    await validateSessionToken(inUse.token, at(sessionLimits.perUser * 1000 + sessionPolicy.renewalIntervalMs));
    await createSession({ userId: user.id, device, now: at(sessionLimits.perUser * 1000 + sessionPolicy.renewalIntervalMs + 1) });
    expect(await row(inUse.session.id)).not.toBeNull();
    expect(await row(sessions[1]!.session.id)).toBeNull();
  });

  it("between sessions last active at the same moment, ends the one created first", async () => {
    const user = await createUser();
    const sessions = [];
    for (let i = 0; i < sessionLimits.perUser; i += 1) sessions.push(await createSession({ userId: user.id, device, now: at(i * 1000) }));
    await db.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: at(sessionLimits.perUser * 1000) } });
    // The middle one by creation order is also the smallest id, so neither id nor insertion order can stand in for creation time.
    await createSession({ userId: user.id, device, now: at(sessionLimits.perUser * 1000) });
    expect(await row(sessions[0]!.session.id)).toBeNull();
    for (const kept of sessions.slice(1)) expect(await row(kept.session.id)).not.toBeNull();
  });

  it("rotation counts toward the limit too, and never ends the session it just made", async () => {
    const user = await createUser();
    for (let i = 0; i < sessionLimits.perUser; i += 1) await createSession({ userId: user.id, device, now: at(1000 + i) });
    // An older lastSeenAt than all of them: the limit must still spare the new session.
    const next = await rotateSession({ previousToken: undefined, userId: user.id, device, now: start });
    expect(await row(next.session.id)).not.toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(sessionLimits.perUser);
  });

  it("starts at most sessionLimits.guestsPerHour guest sessions per network in an hour", async () => {
    const other = { ...device, ipAddress: "192.0.2.99" };
    for (let i = 0; i < sessionLimits.guestsPerHour; i += 1) expect(await createGuestSession(device, at(i))).not.toBeNull();
    expect(await createGuestSession(device, at(sessionLimits.guestsPerHour))).toBeNull();
    expect(await db.session.count()).toBe(sessionLimits.guestsPerHour);
    // Another network is not affected, and an hour later this one may start again.
    expect(await createGuestSession(other, at(sessionLimits.guestsPerHour))).not.toBeNull();
    expect(await createGuestSession(device, at(3_600_000))).not.toBeNull();
    // Signed-in sessions from the same network do not count.
    const user = await createUser();
    await createSession({ userId: user.id, device, now: at(3_600_000) });
    expect((await createGuestSession(device, at(3_600_001)))?.session).toMatchObject({ userId: null, ...device });
  });

  it("refuses, with a clear error, a token lib/session did not mint", async () => {
    await expect(createSession({ userId: null, device, token: "chosen" })).rejects.toThrow("Refusing to store a session token that lib/session did not mint.");
  });
});

describe("signing out every token a browser sent", () => {
  it("ends each well-formed token's session in one delete, and nobody else's", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const a = await createSession({ userId: alice.id, device });
    const b = await createSession({ userId: null, device });
    const bystander = await createSession({ userId: bob.id, device });
    await invalidateSessionTokens([a.token, "garbage", b.token, ""], device);
    expect(await row(a.session.id)).toBeNull();
    expect(await row(b.session.id)).toBeNull();
    expect(await row(bystander.session.id)).toEqual(bystander.session);
    // Nothing sent, nothing deleted.
    await invalidateSessionTokens([], device);
    await invalidateSessionTokens(["garbage"], device);
    expect(await db.session.count()).toBe(1);
  });
});
