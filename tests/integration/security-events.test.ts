import { createHash, createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deriveKey } from "@/lib/security/keys";
import {
  EVENTS_PER_PAGE,
  listSecurityEvents,
  parseEventCursor,
  recordSecurityEvent,
  recordSecurityEvents,
  sessionReference,
} from "@/lib/security/events";
import { createUser, resetDatabase } from "./helpers/db";

// The activity log's own rules: a session is named by a keyed hash and never by its id,
// an event recorded in a transaction is undone with it, and a user's pages list their
// own events, newest first, page after page, without gaps or repeats.

const device = { ipAddress: "203.0.113.50", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const sessionId = "a".repeat(64);

beforeEach(async () => {
  await resetDatabase();
  await db.securityEvent.deleteMany();
});

describe("the session reference", () => {
  it("is an HMAC of the session id under the log's own key: 32 hex characters", () => {
    const expected = createHmac("sha256", deriveKey("event-session-ref")).update(sessionId).digest("hex").slice(0, 32);
    expect(sessionReference(sessionId)).toBe(expected);
    expect(sessionReference(sessionId)).toMatch(/^[0-9a-f]{32}$/);
  });

  it("is neither the id nor a plain hash of it, and differs from session to session", () => {
    const ref = sessionReference(sessionId);
    expect(sessionId).not.toContain(ref);
    expect(createHash("sha256").update(sessionId).digest("hex")).not.toContain(ref);
    expect(sessionReference("b".repeat(64))).not.toBe(ref);
    expect(sessionReference(sessionId)).toBe(ref);
  });
});

describe("recording", () => {
  it("stores the type, user, reason, device and time, and the session only as its reference", async () => {
    const user = await createUser();
    const now = new Date("2030-02-03T04:05:06Z");
    await recordSecurityEvent({ type: "SESSION_REVOKED", userId: user.id, reason: "admin", sessionId, device, now });
    const rows = await db.securityEvent.findMany();
    expect(rows).toEqual([
      {
        id: expect.any(Number),
        userId: user.id,
        type: "SESSION_REVOKED",
        reason: "admin",
        sessionRef: sessionReference(sessionId),
        ipAddress: device.ipAddress,
        userAgent: device.userAgent,
        createdAt: now,
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(sessionId);
  });

  it("leaves what it was not given empty, and stamps the current time", async () => {
    const user = await createUser();
    const before = Date.now();
    await recordSecurityEvent({ type: "PASSWORD_CHANGED", userId: user.id });
    const row = await db.securityEvent.findFirstOrThrow();
    expect(row).toMatchObject({ reason: null, sessionRef: null, ipAddress: null, userAgent: null });
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("inside a transaction that fails, leaves no event", async () => {
    const user = await createUser();
    const failing = db.$transaction(async (tx) => {
      await recordSecurityEvent({ type: "PASSWORD_CHANGED", userId: user.id, device }, tx);
      await recordSecurityEvents([{ type: "SESSION_REVOKED", userId: user.id, reason: "password_change", sessionId, device }], tx);
      throw new Error("the change failed");
    });
    await expect(failing).rejects.toThrow("the change failed");
    expect(await db.securityEvent.count()).toBe(0);
  });

  it("records several events at once, each with its own session reference", async () => {
    const user = await createUser();
    const ids = ["c".repeat(64), "d".repeat(64)];
    await recordSecurityEvents(ids.map((id) => ({ type: "SESSION_REVOKED", userId: user.id, reason: "session_limit", sessionId: id, device })));
    const rows = await db.securityEvent.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((row) => row.sessionRef)).toEqual(ids.map(sessionReference));
    await recordSecurityEvents([]);
    expect(await db.securityEvent.count()).toBe(2);
  });
});

describe("listing a user's events", () => {
  async function recordMany(userId: string, count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) await recordSecurityEvent({ type: "SIGN_IN", userId, device });
  }

  it("shows the user's own events, newest first, and never another user's", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    await recordSecurityEvent({ type: "SIGN_IN", userId: alice.id, device });
    await recordSecurityEvent({ type: "SIGN_IN", userId: bob.id, device });
    await recordSecurityEvent({ type: "SIGN_IN_FAILED", userId: null, reason: "unknown_account", device });
    await recordSecurityEvent({ type: "SIGN_OUT", userId: alice.id, sessionId, device });

    const { events, nextBefore } = await listSecurityEvents(alice.id);
    expect(events.map((event) => event.type)).toEqual(["SIGN_OUT", "SIGN_IN"]);
    expect(events[0]).toEqual({
      id: expect.any(Number),
      type: "SIGN_OUT",
      reason: null,
      sessionRef: sessionReference(sessionId),
      ipAddress: device.ipAddress,
      userAgent: device.userAgent,
      createdAt: expect.any(Date),
    });
    expect(nextBefore).toBeNull();
    expect((await listSecurityEvents(bob.id)).events).toHaveLength(1);
  });

  it("pages with a cursor: no event twice, none left out, and no next page after the last", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    await recordMany(alice.id, 5);
    await recordMany(bob.id, 3);
    const all = (await db.securityEvent.findMany({ where: { userId: alice.id }, orderBy: { id: "desc" } })).map((row) => row.id);

    const first = await listSecurityEvents(alice.id, { take: 2 });
    expect(first.events.map((event) => event.id)).toEqual(all.slice(0, 2));
    expect(first.nextBefore).toBe(all[1]);
    const second = await listSecurityEvents(alice.id, { take: 2, before: first.nextBefore! });
    expect(second.events.map((event) => event.id)).toEqual(all.slice(2, 4));
    const third = await listSecurityEvents(alice.id, { take: 2, before: second.nextBefore! });
    expect(third.events.map((event) => event.id)).toEqual(all.slice(4));
    expect(third.nextBefore).toBeNull();
  });

  it("says there is no next page when the last page is exactly full", async () => {
    const user = await createUser();
    await recordMany(user.id, 2);
    expect((await listSecurityEvents(user.id, { take: 2 })).nextBefore).toBeNull();
  });

  it("keeps a page where it was while new events arrive", async () => {
    const user = await createUser();
    await recordMany(user.id, 3);
    const first = await listSecurityEvents(user.id, { take: 2 });
    await recordMany(user.id, 2);
    const second = await listSecurityEvents(user.id, { take: 2, before: first.nextBefore! });
    expect(second.events).toHaveLength(1);
    expect(second.events[0]!.id).toBeLessThan(first.events[1]!.id);
  });

  it(`shows ${EVENTS_PER_PAGE} events a page by default`, async () => {
    const user = await createUser();
    await recordMany(user.id, EVENTS_PER_PAGE + 1);
    const page = await listSecurityEvents(user.id);
    expect(page.events).toHaveLength(EVENTS_PER_PAGE);
    expect(page.nextBefore).toBe(page.events.at(-1)!.id);
  });
});

describe("the ?before= cursor", () => {
  it("takes a positive event id written in plain digits", () => {
    expect(parseEventCursor("1")).toBe(1);
    expect(parseEventCursor("907")).toBe(907);
    expect(parseEventCursor("999999999999999")).toBe(999_999_999_999_999);
  });

  it.each([undefined, null, "", "0", "-3", "012", "1e3", "0x10", " 12", "12 ", "1.5", "abc", "9999999999999999", ["3", "4"], 12])(
    "gives the first page for %j",
    (value) => {
      expect(parseEventCursor(value)).toBeUndefined();
    },
  );
});
