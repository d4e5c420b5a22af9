import "server-only";
import { db, type Transaction } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma, Role } from "@/lib/generated/prisma/client";
import type { Device } from "@/lib/http/device";
import { isDifferentBrowser, parseUserAgent } from "@/lib/http/user-agent";
import { requestLog } from "@/lib/log";
import { recordSecurityEvent, recordSecurityEvents, sessionReference, type SecurityEventReason, type SecurityEventType } from "@/lib/security/events";
import { inBatches, PURGE_BATCH_SIZE } from "@/lib/security/purge";
import { findSessionRecord } from "./lookup";
import { expiryReason, isExpired, isRecentlyAuthenticated, newSessionTimes, policyFromSeconds, renewedSessionTimes, type SessionTimes } from "./policy";
import { generateSessionToken, hashSessionToken, isWellFormedToken } from "./token";

// The session authority: the only code that writes the Session table. Every function
// takes the raw token from the cookie (or a session id, which is its hash) and never
// stores or logs the raw token.

export const sessionPolicy = policyFromSeconds(
  env.SESSION_IDLE_TIMEOUT_SECONDS,
  env.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
);

/** What one user or one network can hold, so no client can grow the table without bound. */
export const sessionLimits = {
  /** Signed-in sessions per user; a new one beyond this ends the least recently active. */
  perUser: env.SESSION_MAX_PER_USER,
  /** Guest sessions created from one IP address in an hour. */
  guestsPerHour: env.GUEST_SESSIONS_PER_HOUR,
};

/** How long after proving who they are a user may act without proving it again (step-up). */
export const sudoWindowMs = env.SUDO_WINDOW_SECONDS * 1000;

/**
 * The theft signals a lookup acts on. `bindUserAgent`: a session presented by another
 * browser family or operating system than it was created with is revoked
 * (SESSION_BIND_USER_AGENT). The IP address is only recorded, never enforced: see
 * docs/sessions.md#theft-signals for why.
 */
export const sessionSignals = { bindUserAgent: env.SESSION_BIND_USER_AGENT };

const HOUR_MS = 3_600_000;

export type SessionUser = { id: string; name: string; email: string; role: Role };

export type Session = {
  id: string;
  userId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  authenticatedAt: Date | null;
  notice: string | null;
};

export type SessionValidation =
  | { session: Session; user: SessionUser | null }
  | { session: null; user: null };

export type NewSession = { token: string; session: Session };

const NO_SESSION = { session: null, user: null } as const;
/** The user fields every "who is this?" answer carries; selected once, here. */
export const sessionUserFields = { id: true, name: true, email: true, role: true } as const;

/**
 * Whether the session's user proved who they are (sign-in, or re-authentication at
 * /account/confirm) within the sudo window. Measured from the row, on the server, and
 * never extended by activity: a stolen session that is merely kept busy does not stay
 * able to change the email or revoke the owner's other sessions.
 */
export function isSudo(session: Pick<Session, "authenticatedAt">, now = new Date()): boolean {
  return isRecentlyAuthenticated(session.authenticatedAt, now, sudoWindowMs);
}

export async function createSession(options: {
  userId: string | null;
  device: Device;
  /** Only for Auth.js, which mints the token itself (with our generator) before storing it. */
  token?: string;
  now?: Date;
}): Promise<NewSession> {
  const { userId, device, token = generateSessionToken(), now = new Date() } = options;
  if (!isWellFormedToken(token)) throw new Error("Refusing to store a session token that lib/session did not mint.");
  return db.$transaction(async (tx) => {
    const created = await insertSession(tx, { userId, device, token, now });
    await endSessionsBeyondLimit(tx, userId, created.session.id, device);
    return created;
  });
}

async function insertSession(
  tx: Transaction,
  { userId, device, token, now }: { userId: string | null; device: Device; token: string; now: Date },
): Promise<NewSession> {
  // A signed-in session is only ever created when the user has just proved who they are
  // (a password, a provider's callback), so that moment starts its sudo window.
  const authenticatedAt = userId === null ? null : now;
  const session = await tx.session.create({
    data: { id: hashSessionToken(token), userId, createdAt: now, authenticatedAt, ...newSessionTimes(sessionPolicy, now), ...device },
  });
  return { token, session };
}

// A user who signs in on an eleventh device loses the one used longest ago: the list on
// the sessions page stays short enough to read, and a script that signs in in a loop
// cannot fill the table. The newest session is never the one ended. A rotation applies
// the limit once the row it replaces is gone, so confirming one's password on one device
// never signs out another.
async function endSessionsBeyondLimit(tx: Transaction, userId: string | null, newSessionId: string, device: Device): Promise<void> {
  if (userId === null) return;
  const surplus = await tx.session.findMany({
    where: { userId, id: { not: newSessionId } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    skip: sessionLimits.perUser - 1,
    select: { id: true },
  });
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, ending no ids ends nothing; the check saves a query.
  if (surplus.length === 0) return;
  await endSessions(tx, { userId, id: { in: surplus.map((s) => s.id) } }, { type: "SESSION_REVOKED", reason: "session_limit", device });
}

/** Why sessions end, and the request that ended them, as the activity log records it. */
export type SessionEnding = { reason: SecurityEventReason; device: Device | null };

// Every way a signed-in session ends on purpose goes through here, so each ended session
// gets its own event (with its keyed reference) in the transaction that deletes it. A
// delete does not say which rows it took, so the ids are read first and exactly those
// rows are deleted. Guest sessions have no activity log and are ended without an event.
async function endSessions(
  tx: Transaction,
  where: Prisma.SessionWhereInput,
  { type, reason = null, device }: { type: "SIGN_OUT" | "SESSION_REVOKED"; reason?: SecurityEventReason | null; device: Device | null },
): Promise<number> {
  const ended = await tx.session.findMany({ where, select: { id: true, userId: true } });
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, a delete of no ids deletes nothing and no events are recorded; the check saves a query.
  if (ended.length === 0) return 0;
  const { count } = await tx.session.deleteMany({ where: { id: { in: ended.map((session) => session.id) } } });
  const events = ended.flatMap(({ id, userId }) => (userId === null ? [] : [{ type, userId, reason, sessionId: id, device }]));
  await recordSecurityEvents(events, tx);
  return count;
}

// Ends sessions in the caller's transaction when there is one, or in a transaction of its
// own: the rows and their events are deleted and written together or not at all.
function inTransaction<T>(tx: Transaction | undefined, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return tx ? work(tx) : db.$transaction(work);
}

/**
 * A guest session for a visitor who put something in the cart, or null when their network
 * already started `sessionLimits.guestsPerHour` of them in the last hour: 300 scripted
 * add-to-cart posts must not become 300 rows. The IP is the one lib/http/device.ts trusts.
 */
export async function createGuestSession(device: Device, now = new Date()): Promise<NewSession | null> {
  return db.$transaction(async (tx) => {
    const recent = await tx.session.count({
      where: { userId: null, ipAddress: device.ipAddress, createdAt: { gt: new Date(now.getTime() - HOUR_MS) } },
    });
    if (recent >= sessionLimits.guestsPerHour) return null;
    return insertSession(tx, { userId: null, device, token: generateSessionToken(), now });
  });
}

// Looks the token up, enforces both timeouts and slides the idle expiry. Anything that is
// not a live session (no cookie, garbage, unknown, expired) comes back as "no session".
// `presentedBy` is the device of the request carrying the token (proxy.ts, every page and
// action through lib/session/current.ts, Auth.js's adapter): a session it did not create
// is treated as stolen, and a move to another IP address is recorded. A caller without a
// request (a script, a test) leaves it out, and neither signal applies.
export async function validateSessionToken(token: string | undefined, now = new Date(), presentedBy?: Device): Promise<SessionValidation> {
  if (!isWellFormedToken(token)) return NO_SESSION;
  const id = hashSessionToken(token);
  const row = await findSessionRecord(id);
  if (!row) return NO_SESSION;
  const { user: userRow, ...session } = row;

  // Disabling an account deletes its sessions in the same transaction; a row that still
  // names a disabled user (one created by a sign-in racing the disable) dies here.
  if (userRow?.disabledAt) {
    await db.session.deleteMany({ where: { id } });
    return NO_SESSION;
  }
  const expiredBy = expiryReason(session, now);
  if (expiredBy) {
    await endSession(session, { type: "SESSION_EXPIRED", reason: expiredBy, device: session, now });
    return NO_SESSION;
  }
  // The cookie was copied into another browser (malware, a synced profile, a shared
  // machine): that browser never signed in, so it gets nothing, and neither does the
  // original, which the thief would otherwise keep riding alongside.
  if (presentedBy && sessionSignals.bindUserAgent && isDifferentBrowser(session.userAgent, presentedBy.userAgent)) {
    await endSession(session, { type: "SESSION_REVOKED", reason: "browser_changed", device: presentedBy, now });
    await logBrowserChanged(session, presentedBy);
    return NO_SESSION;
  }

  const user = userRow && withoutDisabledAt(userRow);
  const renewed = renewedSessionTimes(sessionPolicy, session, now);
  const moved = movedDevice(session, presentedBy);
  if (moved) return recordMove(session, user, { ...renewed, ipAddress: moved.ipAddress }, moved, now);
  if (!renewed) return { session, user };

  // updateMany, not update: a concurrent sign-out may have deleted the row meanwhile. A
  // revocation racing this renewal never brings the row back, at the default isolation of
  // either database: SQLite runs one writer at a time, and on PostgreSQL (READ COMMITTED)
  // an UPDATE of a row being deleted waits for the DELETE to commit, then matches nothing.
  const { count } = await db.session.updateMany({ where: { id }, data: renewed });
  return count === 1 ? { session: { ...session, ...renewed }, user } : NO_SESSION;
}

type EndedBy = { type: SecurityEventType; reason: SecurityEventReason; device: Device; now: Date };

// Deletes the row and, for a signed-in session, records why, in one transaction. Only the
// request whose delete removed the row records it, so two requests racing on one dead
// session leave one event.
async function endSession(session: Session, { type, reason, device, now }: EndedBy): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: session.id } });
    if (count === 1 && session.userId !== null) {
      await recordSecurityEvent({ type, reason, userId: session.userId, sessionId: session.id, device: deviceOf(device), now }, tx);
    }
  });
}

async function logBrowserChanged(session: Session, presentedBy: Device): Promise<void> {
  const created = parseUserAgent(session.userAgent);
  const presented = parseUserAgent(presentedBy.userAgent);
  (await requestLog()).warn(
    {
      event: "session_browser_changed",
      userId: session.userId,
      sessionRef: sessionReference(session.id),
      created: { browser: created.family, os: created.os },
      presented: { browser: presented.family, os: presented.os, ipAddress: presentedBy.ipAddress },
    },
    "session presented by another browser than the one it was created in; revoked",
  );
}

// A signed-in session seen from a new address: recorded for the user's activity page, not
// enforced. A guest's row keeps the address it was created from, which is what the
// hourly per-network guest limit counts.
function movedDevice(session: Session, presentedBy: Device | undefined): { ipAddress: string; userAgent: string | null } | null {
  if (session.userId === null || !presentedBy?.ipAddress || presentedBy.ipAddress === session.ipAddress) return null;
  return { ipAddress: presentedBy.ipAddress, userAgent: presentedBy.userAgent };
}

// The new address is written with the renewal when one is due, and the event in the same
// transaction. The write is conditional on the address the lookup read, so of two
// requests that arrive from the new address at once, one records the move.
async function recordMove(
  session: Session,
  user: SessionUser | null,
  data: Partial<SessionTimes> & { ipAddress: string },
  presentedBy: Device,
  now: Date,
): Promise<SessionValidation> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({ where: { id: session.id, ipAddress: session.ipAddress }, data });
    if (count === 1) {
      await recordSecurityEvent({ type: "SESSION_IP_CHANGED", userId: session.userId, sessionId: session.id, device: presentedBy, now }, tx);
      return { session: { ...session, ...data }, user };
    }
    // Another request recorded the move first, or the row is gone (a sign-out meanwhile).
    const still = await tx.session.count({ where: { id: session.id } });
    return still === 1 ? { session, user } : NO_SESSION;
  });
}

// Only the device's two fields, whatever else the object carries (a session row is one).
function deviceOf({ ipAddress, userAgent }: Device): Device {
  return { ipAddress, userAgent };
}

// disabledAt is read only to refuse the session above; the answer carries the selected
// user fields and nothing else.
function withoutDisabledAt({ disabledAt: _disabledAt, ...user }: SessionUser & { disabledAt: Date | null }): SessionUser {
  return user;
}

// Rotation: a new token and a new row, and the previous row deleted in the same
// transaction, so the old token is dead the moment the new one exists. Called at sign-in
// (this is what defeats session fixation: a token an attacker planted before sign-in never
// becomes a signed-in token) and at every change of privilege: re-authentication, a
// password change or reset. What belonged to the previous session comes along: its
// notice here, its cart through `carryOver`, both before that row disappears.
export type Rotation = NewSession & {
  /** Sessions of the user other than the previous one that `endOtherSessions` ended. */
  endedSessions: number;
};

export type RotationReason = Extract<SecurityEventReason, "reauthentication" | "password_change" | "password_reset" | "two_factor_enabled">;

export async function rotateSession(options: {
  previousToken: string | undefined;
  userId: string | null;
  device: Device;
  carryOver?: (tx: Transaction, previousSessionId: string, nextSessionId: string) => Promise<void>;
  /**
   * The privilege change itself (a new password hash, a used reset link), committed
   * together with the rotation or not at all. A throw rolls everything back.
   */
  change?: (tx: Transaction) => Promise<void>;
  /**
   * Why the user proved who they are again, logged as SESSION_ROTATED for the new session
   * (a sign-in is logged as SIGN_IN by its caller instead). Sessions that
   * `endOtherSessions` ends are logged as revoked for the same reason.
   */
  reason?: RotationReason;
  /** Also end every other session of the user: a password change or reset. */
  endOtherSessions?: boolean;
  now?: Date;
}): Promise<Rotation> {
  const { previousToken, userId, device, carryOver, change, reason, endOtherSessions = false, now = new Date() } = options;
  const previousId = isWellFormedToken(previousToken) ? hashSessionToken(previousToken) : null;

  return db.$transaction(async (tx) => {
    if (change) await change(tx);
    const next = await insertSession(tx, { userId, device, token: generateSessionToken(), now });
    if (previousId) {
      const previous = await tx.session.findUnique({ where: { id: previousId } });
      if (previous && !isExpired(previous, now)) {
        // The same user's notice only: a browser signed in as someone else keeps nothing of theirs.
        if (previous.userId === userId) await setSessionNotice(tx, next.session.id, previous.notice);
        if (carryOver) await carryOver(tx, previous.id, next.session.id);
      }
      await tx.session.deleteMany({ where: { id: previousId } });
    }
    if (reason) await recordSecurityEvent({ type: "SESSION_ROTATED", userId, reason, sessionId: next.session.id, device, now }, tx);
    let endedSessions = 0;
    if (endOtherSessions && userId !== null) {
      endedSessions = await endSessions(tx, { userId, id: { not: next.session.id } }, { type: "SESSION_REVOKED", reason, device });
    }
    await endSessionsBeyondLimit(tx, userId, next.session.id, device);
    return { ...next, endedSessions };
  });
}

/**
 * Leaves a message for the session's own pages, for something the user must not miss and
 * did not ask for (a cart merged at sign-in). Runs inside the caller's transaction, so
 * the message exists exactly when what it describes does.
 */
export async function setSessionNotice(tx: Transaction, sessionId: string, notice: string | null): Promise<void> {
  await tx.session.updateMany({ where: { id: sessionId }, data: { notice } });
}

/** The user dismissed the message. */
export async function clearSessionNotice(sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId }, data: { notice: null } });
}

/** Sign-out: the row is deleted, so the token is worthless even if a copy survives. */
export async function invalidateSessionToken(token: string | undefined): Promise<void> {
  if (!isWellFormedToken(token)) return;
  await db.session.deleteMany({ where: { id: hashSessionToken(token) } });
}

/** Sign-out of every token a browser sent, each signed-in session logged as signed out. */
export async function invalidateSessionTokens(tokens: readonly string[], device: Device | null): Promise<void> {
  // A garbage value hashes to an id no row has, so nothing needs filtering out.
  const ids = tokens.map(hashSessionToken);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, ending no ids ends nothing; the check saves a transaction.
  if (ids.length > 0) await db.$transaction((tx) => endSessions(tx, { id: { in: ids } }, { type: "SIGN_OUT", device }));
}

/** Revokes one of the user's sessions; the owner is part of the query, not a later check. */
export async function revokeUserSession(userId: string, sessionId: string, ending: SessionEnding, tx?: Transaction): Promise<boolean> {
  const count = await inTransaction(tx, (t) => endSessions(t, { id: sessionId, userId }, { type: "SESSION_REVOKED", ...ending }));
  return count === 1;
}

/** Ends every session of a user: disabling the account, a role change, "Sign out everywhere". */
export async function revokeAllUserSessions(userId: string, ending: SessionEnding, tx?: Transaction): Promise<number> {
  return inTransaction(tx, (t) => endSessions(t, { userId }, { type: "SESSION_REVOKED", ...ending }));
}

export async function revokeOtherUserSessions(userId: string, keepSessionId: string, ending: SessionEnding): Promise<number> {
  return db.$transaction((tx) => endSessions(tx, { userId, id: { not: keepSessionId } }, { type: "SESSION_REVOKED", ...ending }));
}

/** The user's live sessions, most recently active first. */
export async function listUserSessions(userId: string, now = new Date()): Promise<Session[]> {
  return db.session.findMany({
    where: { userId, idleExpiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
    orderBy: { lastSeenAt: "desc" },
  });
}

/**
 * Housekeeping: expired rows are already refused at lookup; this reclaims their space and
 * records SESSION_EXPIRED for each signed-in one (a guest's has no account to tell), in
 * the transaction that deletes it. Batched (lib/security/purge.ts), so a purge of many rows
 * never holds up requests.
 */
export async function deleteExpiredSessions(now = new Date(), batchSize = PURGE_BATCH_SIZE): Promise<number> {
  return inBatches(
    (take) =>
      db.$transaction(async (tx) => {
        const expired = await tx.session.findMany({
          where: { OR: [{ idleExpiresAt: { lte: now } }, { absoluteExpiresAt: { lte: now } }] },
          take,
        });
        const { count } = await tx.session.deleteMany({ where: { id: { in: expired.map((session) => session.id) } } });
        const events = expired.flatMap((session) => {
          // A guest's session has no account whose activity could show it.
          if (session.userId === null) return [];
          const reason = expiryReason(session, now);
          // Stryker disable next-line ConditionalExpression,ArrayDeclaration: equivalent, every row selected above has expired, so the reason is never null.
          if (reason === null) return [];
          return [{ type: "SESSION_EXPIRED" as const, reason, userId: session.userId, sessionId: session.id, device: deviceOf(session), now }];
        });
        await recordSecurityEvents(events, tx);
        return count;
      }),
    batchSize,
  );
}
