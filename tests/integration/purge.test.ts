import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { sessionReference } from "@/lib/security/events";
import { inBatches, purgeSecurityData, retention } from "@/lib/security/purge";
import { deleteExpiredSessions, sessionPolicy } from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";

// The scheduled purge: what each table keeps and what it loses, that a large purge runs in
// batches with the event loop free between them, and `npm run purge`.

const now = new Date("2030-06-01T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const DAY = 86_400_000;
const device = { ipAddress: "198.51.100.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };

beforeEach(async () => {
  await resetDatabase();
  await db.securityEvent.deleteMany();
  await db.throttle.deleteMany();
});
afterEach(() => vi.restoreAllMocks());

describe("inBatches", () => {
  it("stops after the first batch that deletes fewer rows than it may", async () => {
    const limits: number[] = [];
    const remaining = [500, 500, 200];
    expect(await inBatches(async (limit) => (limits.push(limit), remaining.shift() ?? 0), 500)).toBe(1200);
    expect(limits).toEqual([500, 500, 500]);
    expect(await inBatches(async () => 0, 500)).toBe(0);
  });

  it("gives the event loop a turn between batches, so requests are served during a long purge", async () => {
    const order: string[] = [];
    let batch = 0;
    const purge = inBatches(async () => {
      batch += 1;
      order.push(`batch ${batch}`);
      if (batch === 1) setImmediate(() => order.push("a request"));
      return batch < 3 ? 2 : 0;
    }, 2);
    await purge;
    expect(order).toEqual(["batch 1", "a request", "batch 2", "batch 3"]);
  });
});

describe("the session purge", () => {
  it("deletes 1 200 expired sessions in 3 batches, records each signed-in one as expired, and leaves live ones alone", async () => {
    const user = await createUser();
    const dead = (i: number) => ({
      id: `expired-${String(i).padStart(4, "0")}`,
      userId: i % 2 === 0 ? user.id : null,
      createdAt: ago(2 * sessionPolicy.absoluteTimeoutMs),
      lastSeenAt: ago(2 * sessionPolicy.idleTimeoutMs),
      idleExpiresAt: ago(sessionPolicy.idleTimeoutMs),
      absoluteExpiresAt: i === 0 ? now : ago(-sessionPolicy.absoluteTimeoutMs),
      ...device,
    });
    await db.session.createMany({ data: Array.from({ length: 1200 }, (_, i) => dead(i)) });
    const live = { id: "live", userId: user.id, createdAt: ago(1000), lastSeenAt: ago(1000), idleExpiresAt: ago(-1000), absoluteExpiresAt: ago(-DAY), ...device };
    await db.session.create({ data: live });
    const transactions = vi.spyOn(db, "$transaction");

    expect(await deleteExpiredSessions(now, 500)).toBe(1200);

    expect(transactions).toHaveBeenCalledTimes(3);
    expect((await db.session.findMany({ select: { id: true } })).map((row) => row.id)).toEqual(["live"]);
    const events = await db.securityEvent.findMany({ orderBy: { sessionRef: "asc" } });
    expect(events).toHaveLength(600);
    expect(events.every((event) => event.type === "SESSION_EXPIRED" && event.userId === user.id)).toBe(true);
    expect(events.every((event) => event.ipAddress === device.ipAddress && event.userAgent === device.userAgent)).toBe(true);
    expect(events.every((event) => event.createdAt.getTime() === now.getTime())).toBe(true);
    expect(new Set(events.map((event) => event.sessionRef))).toEqual(
      new Set(Array.from({ length: 600 }, (_, i) => sessionReference(dead(2 * i).id))),
    );
    // The one whose absolute expiry is now ended by the absolute timeout; the rest sat idle.
    const reasons = events.map((event) => event.reason);
    expect(reasons.filter((reason) => reason === "absolute_timeout")).toHaveLength(1);
    expect(reasons.filter((reason) => reason === "idle_timeout")).toHaveLength(599);
    expect(events.find((event) => event.reason === "absolute_timeout")?.sessionRef).toBe(sessionReference(dead(0).id));
  });
});

describe("the security data purge", () => {
  it("deletes pending sign-ins past their expiry and keeps the others", async () => {
    const user = await createUser();
    await db.pendingSignIn.createMany({
      data: [
        { id: "gone", userId: user.id, expiresAt: now },
        { id: "waiting", userId: user.id, expiresAt: ago(-1) },
      ],
    });
    expect(await purgeSecurityData(now)).toMatchObject({ pendingSignIns: 1 });
    expect((await db.pendingSignIn.findMany()).map((row) => row.id)).toEqual(["waiting"]);
  });

  it("deletes throttle counters idle for a day whose wait is over, and keeps those still counting or blocking", async () => {
    const row = (key: string, lastAttempt: Date, blockedUntil: Date | null) => ({ key, count: 3, windowStart: lastAttempt, lastAttempt, blockedUntil });
    await db.throttle.createMany({
      data: [
        row("idle", ago(DAY + 1), null),
        row("idle-wait-over", ago(DAY + 1), now),
        row("just-a-day", ago(DAY), null),
        row("recent", ago(1000), null),
        row("idle-still-blocked", ago(DAY + 1), ago(-1)),
      ],
    });
    expect(retention.idleThrottleMs).toBe(DAY);
    expect(await purgeSecurityData(now)).toMatchObject({ throttles: 2 });
    expect((await db.throttle.findMany({ orderBy: { key: "asc" } })).map((r) => r.key)).toEqual(["idle-still-blocked", "just-a-day", "recent"]);
  });

  it("forgets devices unused for a year, for that account only", async () => {
    const user = await createUser();
    const other = await createUser();
    await db.knownDevice.createMany({
      data: [
        { userId: user.id, deviceHash: "old", lastUsedAt: ago(365 * DAY + 1) },
        { userId: user.id, deviceHash: "a-year", lastUsedAt: ago(365 * DAY) },
        { userId: user.id, deviceHash: "recent", lastUsedAt: ago(DAY) },
        // The same browser signed in to another account recently: that row stays.
        { userId: other.id, deviceHash: "old", lastUsedAt: ago(DAY) },
      ],
    });
    expect(await purgeSecurityData(now)).toMatchObject({ knownDevices: 1 });
    const left = await db.knownDevice.findMany({ orderBy: [{ deviceHash: "asc" }, { userId: "asc" }] });
    expect(left.map((r) => [r.userId, r.deviceHash])).toEqual(
      [[user.id, "a-year"], [other.id, "old"], [user.id, "recent"]],
    );
  });

  it("keeps security events for SECURITY_EVENT_RETENTION_DAYS (365 by default), in batches", async () => {
    const user = await createUser();
    expect(retention.securityEventMs).toBe(365 * DAY);
    await db.securityEvent.createMany({
      data: [
        ...Array.from({ length: 7 }, () => ({ userId: user.id, type: "SIGN_IN" as const, createdAt: ago(365 * DAY + 1) })),
        { userId: user.id, type: "SIGN_OUT" as const, createdAt: ago(365 * DAY) },
      ],
    });
    expect(await purgeSecurityData(now, 3)).toEqual({ pendingSignIns: 0, throttles: 0, knownDevices: 0, securityEvents: 7 });
    expect((await db.securityEvent.findMany()).map((event) => event.type)).toEqual(["SIGN_OUT"]);
  });

  it("works through more rows than one batch in every table", async () => {
    const user = await createUser();
    await db.pendingSignIn.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ id: `p${i}`, userId: user.id, expiresAt: ago(1) })) });
    await db.throttle.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ key: `t${i}`, windowStart: ago(2 * DAY), lastAttempt: ago(2 * DAY) })) });
    await db.knownDevice.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ userId: user.id, deviceHash: `d${i}`, lastUsedAt: ago(400 * DAY) })) });
    expect(await purgeSecurityData(now, 2)).toEqual({ pendingSignIns: 5, throttles: 5, knownDevices: 5, securityEvents: 0 });
  });
});

describe("npm run purge", () => {
  // What `npm run purge` runs, against this test file's database.
  const purge = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "scripts/purge.ts"], {
      env: { ...process.env, ...env },
    });

  it("purges the database once and says what it deleted", async () => {
    // The script purges as of the real clock.
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
    const user = await createUser();
    const expired = { userId: user.id, createdAt: daysAgo(2), lastSeenAt: daysAgo(2), idleExpiresAt: daysAgo(1), absoluteExpiresAt: daysAgo(1), ...device };
    await db.session.createMany({ data: [{ id: "a", ...expired }, { id: "b", ...expired }] });
    await db.throttle.create({ data: { key: "old", windowStart: daysAgo(2), lastAttempt: daysAgo(2) } });

    const { stdout } = await purge({});

    expect(stdout).toContain("Purged 2 expired sessions, 0 pending sign-ins, 1 throttle counters, 0 known devices, 0 security events.");
    expect(await db.session.count()).toBe(0);
    expect(await db.securityEvent.count({ where: { type: "SESSION_EXPIRED" } })).toBe(2);
  });

  it("exits 1 with a message when the database cannot be purged", async () => {
    await expect(purge({ DATABASE_URL: "file:/nonexistent/folder/shop.db" })).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("The purge failed") });
  });
});
