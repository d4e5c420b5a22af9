import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDriver, db, driver, provider } from "@/lib/db";
import { databaseStatus, DatabaseUnavailableError } from "@/lib/db-health";
import { findSessionRecord } from "@/lib/session/lookup";
import { createSession } from "@/lib/session/store";
import { hashSessionToken } from "@/lib/session/token";
import { databaseUrl } from "@/scripts/lib/postgres.mjs";
import { createUser, resetDatabase } from "./helpers/db";

// The session lookup reads through the database driver, not Prisma (lib/session/lookup.ts).
// Whatever it returns must be exactly what Prisma reads for the same row, on both
// databases, or every decision made on it (expiry, sudo, role) would be made on wrong data.

beforeEach(resetDatabase);

const device = { ipAddress: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0" };

/** Prisma's view of the row, in the shape the lookup returns. */
async function prismaRecord(id: string) {
  const row = await db.session.findUnique({ where: { id }, include: { user: { select: { id: true, name: true, email: true, role: true, disabledAt: true } } } });
  return row && { ...row, user: row.user };
}

async function signedInSession() {
  const user = await createUser({ name: "Ada Lovelace" });
  const { session } = await createSession({ userId: user.id, device });
  return { user, session };
}

describe("the driver's session lookup", () => {
  it("reads a signed-in session and its user exactly as Prisma does", async () => {
    const { user, session } = await signedInSession();
    await db.session.update({ where: { id: session.id }, data: { notice: "Welcome back" } });
    await db.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
    const record = await findSessionRecord(session.id);
    expect(record).toEqual(await prismaRecord(session.id));
    expect(record).toMatchObject({ notice: "Welcome back", user: { id: user.id, name: "Ada Lovelace", role: "ADMIN", disabledAt: null } });
    expect(record!.createdAt).toBeInstanceOf(Date);
  });

  it("reads a guest session with no user and no authentication time", async () => {
    const { session } = await createSession({ userId: null, device: { ipAddress: null, userAgent: null } });
    const record = await findSessionRecord(session.id);
    expect(record).toEqual(await prismaRecord(session.id));
    expect(record).toMatchObject({ userId: null, user: null, authenticatedAt: null, ipAddress: null, userAgent: null });
  });

  it("reads a disabled user's disabledAt, which ends the session", async () => {
    const { user, session } = await signedInSession();
    const disabledAt = new Date("2026-01-02T03:04:05.678Z");
    await db.user.update({ where: { id: user.id }, data: { disabledAt } });
    const record = await findSessionRecord(session.id);
    expect(record).toEqual(await prismaRecord(session.id));
    expect(record!.user!.disabledAt).toEqual(disabledAt);
  });

  it("keeps every instant, to the millisecond, whatever the server's time zone", async () => {
    const { session } = await signedInSession();
    const instants = {
      createdAt: new Date("2026-03-29T01:30:00.123Z"),
      lastSeenAt: new Date("2026-10-25T00:59:59.999Z"),
      idleExpiresAt: new Date("2026-12-31T23:59:59.001Z"),
      absoluteExpiresAt: new Date("2027-01-01T12:00:00.000Z"),
      authenticatedAt: new Date("2026-06-15T18:45:30.500Z"),
    };
    await db.session.update({ where: { id: session.id }, data: instants });
    const zone = process.env.TZ;
    try {
      // node-postgres reads a timestamp without a time zone in the process's zone; the
      // lookup must read it as the UTC Prisma wrote. Node applies a new TZ at once.
      for (const timeZone of ["America/Los_Angeles", "Asia/Kolkata", "UTC"]) {
        process.env.TZ = timeZone;
        expect(await findSessionRecord(session.id), timeZone).toMatchObject(instants);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  // An operator's hand-written UPDATE (`datetime('now')`) leaves SQLite text without a
  // zone, which Prisma reads as UTC; `new Date()` alone would read it as local time.
  it.runIf(provider === "sqlite")("reads SQLite date text without a zone as UTC, as Prisma does, whatever the server's zone", async () => {
    const { session } = await signedInSession();
    await db.$executeRawUnsafe(`UPDATE "Session" SET "idleExpiresAt" = '2026-12-31 23:59:59', "lastSeenAt" = '2026-12-31T22:00:00' WHERE "id" = ?`, session.id);
    const zone = process.env.TZ;
    try {
      process.env.TZ = "America/Los_Angeles";
      const record = await findSessionRecord(session.id);
      expect(record!.idleExpiresAt).toEqual(new Date("2026-12-31T23:59:59Z"));
      expect(record!.lastSeenAt).toEqual(new Date("2026-12-31T22:00:00Z"));
      expect(record).toEqual(await prismaRecord(session.id));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it.runIf(provider === "sqlite")("takes an expiry it cannot read for a passed one, so the session ends rather than lives for ever", async () => {
    const { session } = await signedInSession();
    await db.$executeRawUnsafe(`UPDATE "Session" SET "idleExpiresAt" = 'tomorrow-ish' WHERE "id" = ?`, session.id);
    const record = await findSessionRecord(session.id);
    expect(record!.idleExpiresAt.getTime()).toBe(0);
    expect(record!.absoluteExpiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it("finds nothing for an unknown id, and only the row asked for", async () => {
    const { session } = await signedInSession();
    const other = await signedInSession();
    expect(await findSessionRecord(hashSessionToken("x".repeat(43)))).toBeNull();
    expect((await findSessionRecord(other.session.id))!.id).toBe(other.session.id);
    expect((await findSessionRecord(session.id))!.id).toBe(session.id);
  });

  it("treats an id as data, never as SQL", async () => {
    await signedInSession();
    for (const id of ["' OR '1'='1", `x" OR "1"="1`, "%", "1; DELETE FROM \"Session\""]) {
      expect(await findSessionRecord(id)).toBeNull();
    }
    expect(await db.session.count()).toBe(1);
  });

  it("sees a revocation committed through Prisma at once", async () => {
    const { session } = await signedInSession();
    expect(await findSessionRecord(session.id)).not.toBeNull();
    await db.session.delete({ where: { id: session.id } });
    expect(await findSessionRecord(session.id)).toBeNull();
  });

  it.runIf(provider === "sqlite")("cannot write through the lookup's own SQLite connection", async () => {
    const { session } = await signedInSession();
    if (driver.provider !== "sqlite") throw new Error("unreachable");
    const connection = driver.connection();
    expect(() => connection.prepare(`DELETE FROM "Session"`).run()).toThrow(/readonly|query_only|attempt to write/i);
    expect(await findSessionRecord(session.id)).not.toBeNull();
  });
});

describe("the lookup when the database is not there", () => {
  afterEach(async () => {
    await databaseStatus(async () => db.$queryRaw`SELECT 1`, { recheck: true });
  });

  it.runIf(provider === "sqlite")("reports a missing SQLite file as an outage", async () => {
    const missing = path.join(mkdtempSync(path.join(tmpdir(), "shop-lookup-")), "gone.db");
    await expect(findSessionRecord("a".repeat(64), createDriver(`file:${missing}`))).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(await databaseStatus(async () => undefined)).toMatchObject({ ok: false, reason: "database cannot be opened" });
  });

  it.runIf(provider === "postgresql")("reports an unreachable PostgreSQL server as an outage", async () => {
    const unreachable = createDriver("postgresql://postgres@127.0.0.1:1/shop");
    await expect(findSessionRecord("a".repeat(64), unreachable)).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(await databaseStatus(async () => undefined)).toMatchObject({ ok: false, reason: "database unreachable" });
  });

  it.runIf(provider === "postgresql")("reports a missing PostgreSQL database as an outage", async () => {
    const missing = createDriver(databaseUrl("shop_no_such_database"));
    await expect(findSessionRecord("a".repeat(64), missing)).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });

  it.runIf(provider === "postgresql")("passes on an error that is not about the connection, as it is", async () => {
    // The server's own maintenance database answers, but has no Session table: a real SQL
    // error (42P01), which must not be mistaken for an outage.
    const noTables = createDriver(databaseUrl("postgres"));
    await expect(findSessionRecord("a".repeat(64), noTables)).rejects.toMatchObject({ code: "42P01" });
    expect(await databaseStatus(async () => undefined)).toEqual({ ok: true });
  });
});
