import "server-only";
import { log } from "@/lib/log";
import { deleteExpiredSessions } from "./store";

// Expired sessions are refused at lookup already; this reclaims their rows (and, by
// cascade, the carts of guests who never came back), so the table holds only what is live
// plus at most one interval's worth of the dead. Every server process runs it: the delete
// is idempotent, so several instances on one database only repeat each other's work.

/** How often each server process purges. */
export const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

/** One purge; never throws (a database outage must not take the timer down with it). */
export async function runHousekeeping(now = new Date()): Promise<number | null> {
  try {
    const deleted = await deleteExpiredSessions(now);
    if (deleted > 0) log.info({ event: "sessions_purged", deleted }, "expired sessions purged");
    return deleted;
  } catch (error) {
    log.warn({ event: "sessions_purge_failed", error: error instanceof Error ? error.message : String(error) }, "session purge failed");
    return null;
  }
}

/** Purges now and every interval after; the timer never keeps the process alive. Returns a stop function. */
export function startHousekeeping(intervalMs = HOUSEKEEPING_INTERVAL_MS): () => void {
  void runHousekeeping();
  const timer = setInterval(() => void runHousekeeping(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
