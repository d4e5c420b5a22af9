import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  createSession,
  deleteExpiredSessions,
  invalidateSessionToken,
  listUserSessions,
  revokeOtherUserSessions,
  revokeUserSession,
  rotateSession,
  sessionPolicy,
  validateSessionToken,
} from "@/lib/session/store";
import { hashSessionToken } from "@/lib/session/token";
import { createUser, databaseBytes, resetDatabase } from "./helpers/db";

const device = { ipAddress: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36" };
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

beforeEach(resetDatabase);

describe("creating a session", () => {
  it("stores only the SHA-256 of the token, never the token itself", async () => {
    const { token, session } = await createSession({ userId: null, device });
    expect(session.id).toBe(hashSessionToken(token));
    expect(session.id).not.toContain(token);

    const rows = await db.session.findMany();
    expect(JSON.stringify(rows)).not.toContain(token);
    // Not in any page of the database file either, including free pages and the WAL.
    const bytes = await databaseBytes();
    expect(bytes.includes(Buffer.from(token))).toBe(false);
  });

  it("records the device and both expiry times", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const { session } = await createSession({ userId: null, device, now });
    expect(session).toMatchObject({ ...device, createdAt: now, lastSeenAt: now });
    expect(session.idleExpiresAt).toEqual(at(now, sessionPolicy.idleTimeoutMs));
    expect(session.absoluteExpiresAt).toEqual(at(now, sessionPolicy.absoluteTimeoutMs));
  });

  it("refuses a token that lib/session did not mint", async () => {
    await expect(createSession({ userId: null, device, token: "chosen-by-attacker" })).rejects.toThrow();
    expect(await db.session.count()).toBe(0);
  });
});

describe("validating a token", () => {
  it("answers with the session and its user", async () => {
    const user = await createUser();
    const { token, session } = await createSession({ userId: user.id, device });
    const result = await validateSessionToken(token);
    expect(result.session?.id).toBe(session.id);
    expect(result.user).toEqual(user);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["garbage", "not a token at all"],
    ["truncated", "a".repeat(42)],
    ["oversized", "a".repeat(4096)],
    ["unknown but well formed", "A".repeat(43)],
  ])("treats a %s token as no session", async (_label, token) => {
    await expect(validateSessionToken(token)).resolves.toEqual({ session: null, user: null });
  });

  it("expires a session left idle for the idle timeout, and deletes its row", async () => {
    const start = new Date("2030-01-01T00:00:00Z");
    const { token, session } = await createSession({ userId: null, device, now: start });

    expect((await validateSessionToken(token, at(start, sessionPolicy.idleTimeoutMs - 1))).session).not.toBeNull();
    // That lookup renewed the session; go idle for a full timeout from there.
    const renewed = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    const deadline = renewed.idleExpiresAt;

    expect(await validateSessionToken(token, deadline)).toEqual({ session: null, user: null });
    expect(await db.session.count({ where: { id: session.id } })).toBe(0);
  });

  it("expires a session at the absolute timeout even when it is used constantly", async () => {
    const start = new Date("2030-01-01T00:00:00Z");
    const { token } = await createSession({ userId: null, device, now: start });
    const step = sessionPolicy.idleTimeoutMs / 2;

    let now = start;
    while (now.getTime() + step < start.getTime() + sessionPolicy.absoluteTimeoutMs) {
      now = at(now, step);
      expect((await validateSessionToken(token, now)).session, `alive at ${now.toISOString()}`).not.toBeNull();
    }
    const absoluteEnd = at(start, sessionPolicy.absoluteTimeoutMs);
    expect(await validateSessionToken(token, absoluteEnd)).toEqual({ session: null, user: null });
  });

  it("never slides the idle expiry past the absolute expiry", async () => {
    const start = new Date("2030-01-01T00:00:00Z");
    const { token } = await createSession({ userId: null, device, now: start });
    const absoluteEnd = at(start, sessionPolicy.absoluteTimeoutMs);

    // Stay active until one second before the absolute end, then look at the last renewal.
    let now = start;
    let idleExpiresAt: Date | undefined;
    while (now < at(absoluteEnd, -1000)) {
      now = new Date(Math.min(now.getTime() + sessionPolicy.idleTimeoutMs / 2, absoluteEnd.getTime() - 1000));
      idleExpiresAt = (await validateSessionToken(token, now)).session?.idleExpiresAt;
    }
    expect(idleExpiresAt).toEqual(absoluteEnd);
  });

  it("writes activity at most once per renewal interval, however many requests arrive", async () => {
    const start = new Date("2030-01-01T00:00:00Z");
    const { token, session } = await createSession({ userId: null, device, now: start });
    const interval = sessionPolicy.renewalIntervalMs;

    // 50 requests inside the first interval: nothing is written.
    for (let i = 1; i <= 50; i += 1) await validateSessionToken(token, at(start, (interval * i) / 51));
    let row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.lastSeenAt).toEqual(start);

    // The first request after the interval writes once; the next ones inside the new
    // interval do not write again.
    const renewalTime = at(start, interval);
    await validateSessionToken(token, renewalTime);
    for (let i = 1; i <= 50; i += 1) await validateSessionToken(token, at(renewalTime, (interval * i) / 51));
    row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.lastSeenAt).toEqual(renewalTime);
    expect(row.idleExpiresAt).toEqual(at(renewalTime, sessionPolicy.idleTimeoutMs));
  });
});

describe("rotating a session", () => {
  it("issues a new token and kills the previous one at once", async () => {
    const user = await createUser();
    const guest = await createSession({ userId: null, device });
    const signedIn = await rotateSession({ previousToken: guest.token, userId: user.id, device });

    expect(signedIn.token).not.toBe(guest.token);
    expect(await validateSessionToken(guest.token)).toEqual({ session: null, user: null });
    expect((await validateSessionToken(signedIn.token)).user?.id).toBe(user.id);
    expect(await db.session.count()).toBe(1);
  });

  it("hands the previous session to carryOver inside the same transaction", async () => {
    const user = await createUser();
    const guest = await createSession({ userId: null, device });
    const seen: Array<[string, string]> = [];
    const next = await rotateSession({
      previousToken: guest.token,
      userId: user.id,
      device,
      carryOver: async (_tx, previousId, nextId) => void seen.push([previousId, nextId]),
    });
    expect(seen).toEqual([[guest.session.id, next.session.id]]);
  });

  it("keeps the previous session alive if the rotation fails", async () => {
    const user = await createUser();
    const guest = await createSession({ userId: null, device });
    const failing = rotateSession({
      previousToken: guest.token,
      userId: user.id,
      device,
      carryOver: async () => {
        throw new Error("carry-over failed");
      },
    });
    await expect(failing).rejects.toThrow("carry-over failed");
    expect((await validateSessionToken(guest.token)).session?.id).toBe(guest.session.id);
    expect(await db.session.count()).toBe(1);
  });

  it("ignores a planted token that names no session", async () => {
    const user = await createUser();
    const next = await rotateSession({ previousToken: "x".repeat(43), userId: user.id, device });
    expect((await validateSessionToken(next.token)).user?.id).toBe(user.id);
  });
});

describe("ending sessions", () => {
  it("sign-out deletes the row, so a copied token is worthless", async () => {
    const user = await createUser();
    const { token } = await createSession({ userId: user.id, device });
    await invalidateSessionToken(token);
    expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
  });

  it("revokes only the owner's own sessions", async () => {
    const alice = await createUser();
    const mallory = await createUser();
    const aliceLaptop = await createSession({ userId: alice.id, device });

    expect(await revokeUserSession(mallory.id, aliceLaptop.session.id, { reason: "user", device })).toBe(false);
    expect((await validateSessionToken(aliceLaptop.token)).user?.id).toBe(alice.id);

    expect(await revokeUserSession(alice.id, aliceLaptop.session.id, { reason: "user", device })).toBe(true);
    expect(await validateSessionToken(aliceLaptop.token)).toEqual({ session: null, user: null });
  });

  it("signs out every other session of the user and keeps the current one", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const current = await createSession({ userId: alice.id, device });
    const phone = await createSession({ userId: alice.id, device });
    const tablet = await createSession({ userId: alice.id, device });
    const bobs = await createSession({ userId: bob.id, device });

    expect(await revokeOtherUserSessions(alice.id, current.session.id, { reason: "user", device })).toBe(2);
    expect((await validateSessionToken(current.token)).session).not.toBeNull();
    expect((await validateSessionToken(phone.token)).session).toBeNull();
    expect((await validateSessionToken(tablet.token)).session).toBeNull();
    expect((await validateSessionToken(bobs.token)).session).not.toBeNull();
    expect((await listUserSessions(alice.id)).map((s) => s.id)).toEqual([current.session.id]);
  });

  it("housekeeping removes expired rows and nothing else", async () => {
    const start = new Date("2030-01-01T00:00:00Z");
    await createSession({ userId: null, device, now: start });
    const fresh = await createSession({ userId: null, device, now: at(start, sessionPolicy.idleTimeoutMs) });
    expect(await deleteExpiredSessions(at(start, sessionPolicy.idleTimeoutMs + 1))).toBe(1);
    expect((await db.session.findMany()).map((s) => s.id)).toEqual([fresh.session.id]);
  });
});
