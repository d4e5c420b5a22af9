import "server-only";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { purgeSecurityData, type SecurityPurgeCounts } from "@/lib/security/purge";
import { deleteExpiredSessions } from "./store";

// Expired sessions are refused at lookup already; this reclaims their rows (and, by
// cascade, the carts of guests who never came back), along with what the defences against
// guessing and theft leave behind: old pending sign-ins, idle throttle counters, devices
// unused for a year, security events past their retention (lib/security/purge.ts). Every
// server process runs it on a timer: the deletes are idempotent, so several instances on
// one database only repeat each other's work. `npm run purge` runs one purge from cron
// instead, with the timer off (HOUSEKEEPING_INTERVAL_SECONDS=0).

/** How often each server process purges; 0 means never (a cron job runs `npm run purge`). */
export const housekeepingIntervalMs = env.HOUSEKEEPING_INTERVAL_SECONDS * 1000;

export type PurgeCounts = { sessions: number } & SecurityPurgeCounts;

/** One purge of every table; throws on a database error. */
export async function purgeExpired(now = new Date()): Promise<PurgeCounts> {
  return { sessions: await deleteExpiredSessions(now), ...(await purgeSecurityData(now)) };
}

/** One purge; never throws (a database outage must not take the timer down with it). */
export async function runHousekeeping(now = new Date()): Promise<PurgeCounts | null> {
  try {
    const counts = await purgeExpired(now);
    if (Object.values(counts).some((count) => count > 0)) log.info({ event: "purged", ...counts }, "expired and old rows purged");
    return counts;
  } catch (error) {
    log.warn({ event: "purge_failed", error: error instanceof Error ? error.message : String(error) }, "purge failed");
    return null;
  }
}

/**
 * Purges now and every interval after; the timer never keeps the process alive. With an
 * interval of 0 nothing runs. Returns a stop function.
 */
export function startHousekeeping(intervalMs = housekeepingIntervalMs): () => void {
  if (intervalMs === 0) return () => {};
  void runHousekeeping();
  const timer = setInterval(() => void runHousekeeping(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
