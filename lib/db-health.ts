// Is the database there? Next.js cannot answer 503 from a page render (a thrown error
// becomes a 500 error page), so the answer is decided before rendering: proxy.ts asks
// here on every request and answers 503 itself while the database is down.
//
// The state is set by a probe (SELECT 1) when the process starts and at most once a second
// while the database is down, and tripped by lib/db.ts when the connection cannot be
// opened; an outage then costs one cheap query per second, not one per request, and
// recovery needs no restart. Only errors that mean "cannot reach or open the database"
// count, never a constraint or validation error, which is the request's fault.

export const PROBE_INTERVAL_MS = 1000;

export type DatabaseStatus = { ok: true } | { ok: false; reason: string };

type State = {
  status: "unknown" | "up" | "down";
  reason: string;
  probedAt: number;
  probing: Promise<DatabaseStatus> | null;
};

// proxy.ts and the app's routes are bundled separately but run in one process; a global
// gives them one shared state instead of one per bundle.
const shared = globalThis as unknown as { databaseHealth?: State };
const state: State = (shared.databaseHealth ??= { status: "unknown", reason: "", probedAt: 0, probing: null });

/** Thrown by lib/db.ts when it cannot open the database at all. */
export class DatabaseUnavailableError extends Error {
  constructor(readonly reason: string, options?: ErrorOptions) {
    super(`Database unavailable: ${reason}`, options);
    this.name = "DatabaseUnavailableError";
  }
}

// SQLite codes for a file that cannot be opened or read as a database, and Prisma's and
// its driver adapters' codes and kinds for a server that cannot be reached.
const UNAVAILABLE_SQLITE = /^SQLITE_(CANTOPEN|NOTADB|CORRUPT|IOERR)/;
const UNAVAILABLE_PRISMA = new Set(["P1000", "P1001", "P1002", "P1003", "P1008", "P1010", "P1011", "P1017"]);
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "DatabaseAccessDenied",
  "AuthenticationFailed",
  "ConnectionClosed",
  "TooManyConnections",
  "TlsConnectionError",
]);

/** A short, safe reason when this error means the database is unavailable; null otherwise. */
export function unavailableReason(error: unknown): string | null {
  if (error instanceof DatabaseUnavailableError) return error.reason;
  if (typeof error !== "object" || error === null) return null;
  const { name, code, meta, cause } = error as { name?: unknown; code?: unknown; meta?: unknown; cause?: unknown };
  if (name === "PrismaClientInitializationError") return "database connection failed";
  if (typeof code === "string" && UNAVAILABLE_PRISMA.has(code)) return "database unreachable";
  if (typeof code === "string" && UNAVAILABLE_SQLITE.test(code)) return "database cannot be opened";
  const adapter = (meta as { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } | undefined)
    ?.driverAdapterError?.cause;
  if (typeof adapter?.originalCode === "string" && UNAVAILABLE_SQLITE.test(adapter.originalCode)) {
    return "database cannot be opened";
  }
  if (typeof adapter?.kind === "string" && UNAVAILABLE_KINDS.has(adapter.kind)) return "database unreachable";
  return cause === undefined || cause === error ? null : unavailableReason(cause);
}

/** Records a database error (today: a failed open, from lib/db.ts); only "unavailable" errors change the state. */
export function noteDatabaseError(error: unknown, now = Date.now()): void {
  const reason = unavailableReason(error);
  if (reason === null) return;
  state.status = "down";
  state.reason = reason;
  state.probedAt = now;
}

/**
 * The database's status, probing only when needed: once when the process starts, and at
 * most once per PROBE_INTERVAL_MS while down. `recheck` (the health endpoint) probes a
 * healthy database too. Concurrent callers share one probe.
 */
export async function databaseStatus(
  probe: () => Promise<unknown>,
  { recheck = false, now = Date.now() }: { recheck?: boolean; now?: number } = {},
): Promise<DatabaseStatus> {
  const due = state.status === "unknown" || recheck || (state.status === "down" && now - state.probedAt >= PROBE_INTERVAL_MS);
  if (!due) return current();
  state.probing ??= runProbe(probe, now).finally(() => {
    state.probing = null;
  });
  return state.probing;
}

async function runProbe(probe: () => Promise<unknown>, now: number): Promise<DatabaseStatus> {
  try {
    await probe();
    state.status = "up";
    state.reason = "";
  } catch (error) {
    // An error the classifier does not know still means the probe failed: a SELECT 1
    // has no other way to fail.
    state.status = "down";
    state.reason = unavailableReason(error) ?? "database check failed";
  }
  state.probedAt = now;
  return current();
}

function current(): DatabaseStatus {
  return state.status === "down" ? { ok: false, reason: state.reason } : { ok: true };
}

/** For tests: forget everything, as a fresh process would. */
export function resetDatabaseHealth(): void {
  Object.assign(state, { status: "unknown", reason: "", probedAt: 0, probing: null });
}
