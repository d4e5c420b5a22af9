import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Retention of everything the defences against guessing and theft leave behind. Each
// table is purged in batches: the ids of at most `batchSize` rows are selected, then
// those rows deleted, and the event loop gets a turn before the next batch. The SQLite
// driver runs a statement synchronously, so one delete of a million rows would stall
// every request the process serves until it finished; a batch of 500 takes milliseconds.
// lib/session/housekeeping.ts runs this with the session purge; `npm run purge` runs it once.

export const PURGE_BATCH_SIZE = 500;

const DAY_MS = 86_400_000;

/** How long each kind of row is kept once it has stopped mattering. */
export const retention = {
  /** A throttle counter with no attempt for a day, and no wait still running, counts nothing any more. */
  idleThrottleMs: DAY_MS,
  /** A browser that has not signed in to the account for a year is a stranger again. */
  unusedKnownDeviceMs: 365 * DAY_MS,
  /** SECURITY_EVENT_RETENTION_DAYS: how far back /account/activity and the admin can look. */
  securityEventMs: env.SECURITY_EVENT_RETENTION_DAYS * DAY_MS,
};

/**
 * Calls `purgeBatch` with a limit until it deletes fewer rows than that, yielding to the
 * event loop between batches. Returns the number of rows deleted in all.
 */
export async function inBatches(purgeBatch: (limit: number) => Promise<number>, batchSize = PURGE_BATCH_SIZE): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await purgeBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) return total;
    await nextTurn();
  }
}

export type SecurityPurgeCounts = { pendingSignIns: number; throttles: number; knownDevices: number; securityEvents: number };

/** Purges every table of lib/security's rules; lib/session purges its own. */
export async function purgeSecurityData(now = new Date(), batchSize = PURGE_BATCH_SIZE): Promise<SecurityPurgeCounts> {
  return {
    pendingSignIns: await inBatches(async (take) => {
      const rows = await db.pendingSignIn.findMany({ where: { expiresAt: { lte: now } }, select: { id: true }, take });
      return (await db.pendingSignIn.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } })).count;
    }, batchSize),

    throttles: await inBatches(async (take) => {
      const idleSince = new Date(now.getTime() - retention.idleThrottleMs);
      const rows = await db.throttle.findMany({
        where: { lastAttempt: { lt: idleSince }, OR: [{ blockedUntil: null }, { blockedUntil: { lte: now } }] },
        select: { key: true },
        take,
      });
      return (await db.throttle.deleteMany({ where: { key: { in: rows.map((row) => row.key) } } })).count;
    }, batchSize),

    knownDevices: await inBatches(async (take) => {
      const unusedSince = new Date(now.getTime() - retention.unusedKnownDeviceMs);
      const rows = await db.knownDevice.findMany({ where: { lastUsedAt: { lt: unusedSince } }, select: { userId: true, deviceHash: true }, take });
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, Prisma reads an empty OR as matching nothing; the check saves a query and leaves nothing to that reading.
      if (rows.length === 0) return 0;
      return (await db.knownDevice.deleteMany({ where: { OR: rows } })).count;
    }, batchSize),

    securityEvents: await inBatches(async (take) => {
      const keptSince = new Date(now.getTime() - retention.securityEventMs);
      const rows = await db.securityEvent.findMany({ where: { createdAt: { lt: keptSince } }, select: { id: true }, take });
      return (await db.securityEvent.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } })).count;
    }, batchSize),
  };
}
