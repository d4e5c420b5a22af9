import "server-only";
import { createHmac } from "node:crypto";
import { z } from "zod";
import { db, type Transaction } from "@/lib/db";
import type { SecurityEventType } from "@/lib/generated/prisma/client";
import type { Device } from "@/lib/http/device";
import { deriveKey } from "./keys";

// The security activity log (docs/account-security.md#security-activity): one row per
// thing that happened to an account's sessions or credentials, for the user on
// /account/activity and for an admin on the user's page. Rows are only ever inserted.
//
// A row names the session it concerns by `sessionRef`, an HMAC of the session's id under a
// key of its own. The id is SHA-256 of the token, so storing it would let anyone who reads
// this table find (and, with the token, use) the live row; the keyed hash still lets the
// rows of one session be grouped and the current one be recognised.

export type { SecurityEventType };

export type SecurityEventInput = {
  type: SecurityEventType;
  userId: string | null;
  /** Why, or by whom, from a fixed vocabulary (see SecurityEventReason). */
  reason?: SecurityEventReason | null;
  /** The session's id (SHA-256 of its token), hashed again before it is stored. */
  sessionId?: string | null;
  device?: Device | null;
  now?: Date;
};

/** The words an event's `reason` may hold; anything else is a programming error. */
export type SecurityEventReason =
  // Sign-in failures and refusals
  | "wrong_password"
  | "unknown_account"
  | "account_disabled"
  | "wrong_code"
  | "wrong_password_or_code"
  | "too_many_attempts"
  // Who or what ended a session
  | "user"
  | "admin"
  | "session_limit"
  | "password_change"
  | "password_reset"
  | "two_factor_enabled"
  | "role_change"
  | "account_disabled_by_admin"
  | "browser_changed"
  | "idle_timeout"
  | "absolute_timeout"
  // Why a session was rotated
  | "reauthentication"
  | "sign_in";

let sessionRefKey: Buffer | undefined;

/** The keyed hash that stands for a session in the log: 128 bits, hex. */
export function sessionReference(sessionId: string): string {
  sessionRefKey ??= deriveKey("event-session-ref");
  return createHmac("sha256", sessionRefKey).update(sessionId).digest("hex").slice(0, 32);
}

/**
 * Appends one event. Pass the transaction that makes the change, so the event exists
 * exactly when what it records does; failures (which change nothing) use the default.
 */
export async function recordSecurityEvent(event: SecurityEventInput, tx: Transaction = db): Promise<void> {
  await tx.securityEvent.create({ data: eventRow(event) });
}

/** Several events in one statement: a purge of expired sessions, a limit that ends many. */
export async function recordSecurityEvents(events: readonly SecurityEventInput[], tx: Transaction = db): Promise<void> {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, an insert of no rows inserts nothing; the check saves a query.
  if (events.length > 0) await tx.securityEvent.createMany({ data: events.map(eventRow) });
}

function eventRow({ type, userId, reason = null, sessionId = null, device = null, now = new Date() }: SecurityEventInput) {
  return {
    type,
    userId,
    reason,
    sessionRef: sessionId === null ? null : sessionReference(sessionId),
    ipAddress: device?.ipAddress ?? null,
    userAgent: device?.userAgent ?? null,
    createdAt: now,
  };
}

export type SecurityEvent = {
  id: number;
  type: SecurityEventType;
  reason: string | null;
  sessionRef: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: Date;
};

export const EVENTS_PER_PAGE = 25;

// An event id as `?before=` carries it: digits only, no sign, exponent or leading zero, and
// small enough to be an exact integer.
const cursorSchema = z.string().regex(/^[1-9][0-9]{0,14}$/).transform(Number);

/**
 * `?before=` of an activity page: the id to continue before, or undefined (the first page)
 * for anything else, an absent, repeated or malformed value included.
 */
export function parseEventCursor(value: unknown): number | undefined {
  const parsed = cursorSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * One page of a user's events, newest first. `before` is the id of the last row of the
 * previous page (ids only grow), so a page never shifts while new events arrive.
 */
export async function listSecurityEvents(
  userId: string,
  { before, take = EVENTS_PER_PAGE }: { before?: number; take?: number } = {},
): Promise<{ events: SecurityEvent[]; nextBefore: number | null }> {
  const rows = await db.securityEvent.findMany({
    // An undefined `before` is no condition at all to Prisma: the first page.
    where: { userId, id: { lt: before } },
    orderBy: { id: "desc" },
    take: take + 1,
    select: { id: true, type: true, reason: true, sessionRef: true, ipAddress: true, userAgent: true, createdAt: true },
  });
  const events = rows.slice(0, take);
  const last = events.at(-1);
  return { events, nextBefore: rows.length > take && last ? last.id : null };
}
