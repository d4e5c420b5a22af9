// The session timing rules as pure functions of a policy and a clock, so unit tests can
// check the arithmetic without a database or a fake timer.

export type SessionPolicy = {
  /** A session unused for this long is dead (OWASP: 15-30 minutes for most apps). */
  idleTimeoutMs: number;
  /** No session outlives this, however active it is (OWASP: 4-8 hours to a day). */
  absoluteTimeoutMs: number;
  /** Activity is written to the database at most once per interval. */
  renewalIntervalMs: number;
};

export type SessionTimes = {
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
};

// One write a minute at most, and never more than a tenth of the idle window, so a user
// who is active keeps at least 90% of the idle timeout ahead of them.
const MAX_RENEWAL_INTERVAL_MS = 60_000;

export function policyFromSeconds(idleSeconds: number, absoluteSeconds: number): SessionPolicy {
  const idleTimeoutMs = idleSeconds * 1000;
  return {
    idleTimeoutMs,
    absoluteTimeoutMs: absoluteSeconds * 1000,
    renewalIntervalMs: Math.max(1000, Math.min(MAX_RENEWAL_INTERVAL_MS, Math.floor(idleTimeoutMs / 10))),
  };
}

export function newSessionTimes(policy: SessionPolicy, now: Date): SessionTimes {
  const absoluteExpiresAt = new Date(now.getTime() + policy.absoluteTimeoutMs);
  return {
    lastSeenAt: now,
    idleExpiresAt: earliest(new Date(now.getTime() + policy.idleTimeoutMs), absoluteExpiresAt),
    absoluteExpiresAt,
  };
}

export function isExpired(times: Pick<SessionTimes, "idleExpiresAt" | "absoluteExpiresAt">, now: Date): boolean {
  return now >= times.idleExpiresAt || now >= times.absoluteExpiresAt;
}

/**
 * Which timeout ended a session, or null while it lives. The absolute one wins when both
 * have passed: the idle expiry never lies beyond it, so it was the absolute limit that
 * ended a session used to the last.
 */
export function expiryReason(
  times: Pick<SessionTimes, "idleExpiresAt" | "absoluteExpiresAt">,
  now: Date,
): "idle_timeout" | "absolute_timeout" | null {
  if (now >= times.absoluteExpiresAt) return "absolute_timeout";
  return now >= times.idleExpiresAt ? "idle_timeout" : null;
}

// Sliding renewal: returns the new times when a write is due, or null when the stored
// ones are recent enough. The idle expiry slides forward but never past the absolute one.
export function renewedSessionTimes(policy: SessionPolicy, times: SessionTimes, now: Date): SessionTimes | null {
  if (now.getTime() - times.lastSeenAt.getTime() < policy.renewalIntervalMs) return null;
  return {
    lastSeenAt: now,
    idleExpiresAt: earliest(new Date(now.getTime() + policy.idleTimeoutMs), times.absoluteExpiresAt),
    absoluteExpiresAt: times.absoluteExpiresAt,
  };
}

function earliest(a: Date, b: Date): Date {
  // Stryker disable next-line EqualityOperator: equivalent, on equal dates both branches give the same date.
  return a < b ? a : b;
}

/**
 * Step-up ("sudo mode"): true while less than `windowMs` has passed since the user last
 * proved who they are. Never true for a session that has no such moment (a guest's).
 */
export function isRecentlyAuthenticated(authenticatedAt: Date | null, now: Date, windowMs: number): boolean {
  if (authenticatedAt === null) return false;
  return now.getTime() - authenticatedAt.getTime() < windowMs;
}
