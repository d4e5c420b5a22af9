import "server-only";
import { readOnDriver, type Driver } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/client";
import type { Session, SessionUser } from "./store";

// The read every request makes: one session row and its user, by primary key, on the
// database driver (lib/db.ts, readOnDriver). Through Prisma the same lookup costs about
// 0.9 ms of JavaScript on top of a 20 µs query, which made a signed-in page measurably
// slower than an anonymous one (docs/performance.md). Only this read bypasses Prisma;
// every write to a session stays in lib/session/store.ts, in Prisma's transactions.
// tests/integration/session-lookup.test.ts checks, on both databases, that this returns
// exactly what Prisma would.

export type SessionRecord = Session & { user: (SessionUser & { disabledAt: Date | null }) | null };

// Stryker disable next-line StringLiteral: a module-level constant, read once at import, before Stryker switches a mutant on; an empty statement fails every lookup test.
const SESSION_LOOKUP = `SELECT s."id", s."userId", s."createdAt", s."lastSeenAt", s."idleExpiresAt", s."absoluteExpiresAt",
  s."ipAddress", s."userAgent", s."authenticatedAt", s."notice",
  u."name" AS "userName", u."email" AS "userEmail", u."role" AS "userRole", u."disabledAt" AS "userDisabledAt"
FROM "Session" s LEFT JOIN "User" u ON u."id" = s."userId"
WHERE s."id" = ?`;

// Dates as the driver gives them: text on SQLite, a Date on PostgreSQL.
type Row = {
  id: string;
  userId: string | null;
  createdAt: string | Date;
  lastSeenAt: string | Date;
  idleExpiresAt: string | Date;
  absoluteExpiresAt: string | Date;
  ipAddress: string | null;
  userAgent: string | null;
  authenticatedAt: string | Date | null;
  notice: string | null;
  userName: string | null;
  userEmail: string | null;
  userRole: string | null;
  userDisabledAt: string | Date | null;
};

/** The session stored under `id` (a token's hash) with its user, or null. `on`: for tests. */
export async function findSessionRecord(id: string, on?: Driver): Promise<SessionRecord | null> {
  // Stryker disable next-line StringLiteral: the name only names the prepared statement on PostgreSQL; the mutation run uses SQLite.
  const [row] = await readOnDriver<Row>("session-lookup", SESSION_LOOKUP, [id], on);
  return row ? toRecord(row) : null;
}

function toRecord(row: Row): SessionRecord {
  const session: Session = {
    id: row.id,
    userId: row.userId,
    createdAt: toDate(row.createdAt),
    lastSeenAt: toDate(row.lastSeenAt),
    idleExpiresAt: toExpiry(row.idleExpiresAt),
    absoluteExpiresAt: toExpiry(row.absoluteExpiresAt),
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    authenticatedAt: row.authenticatedAt === null ? null : toDate(row.authenticatedAt),
    notice: row.notice,
  };
  // The join found a user exactly when it has an email (a required column).
  const user =
    row.userEmail === null
      ? null
      : {
          id: row.userId!,
          name: row.userName!,
          email: row.userEmail,
          role: row.userRole as Role,
          disabledAt: row.userDisabledAt === null ? null : toDate(row.userDisabledAt),
        };
  return { ...session, user };
}

// SQLite text as Prisma wrote it carries its zone ("2026-11-23T03:58:57.158+00:00"). Text
// written by hand (an operator's `datetime('now')`: "2026-11-23 03:58:57") has none, and
// Prisma reads it as UTC; new Date() would read it as the server's local time. So the
// text is read as UTC first; with a zone of its own, that reading is invalid ("...+00:00Z").
function toDate(value: string | Date): Date {
  // Stryker disable next-line ConditionalExpression: PostgreSQL's Dates only; the mutation run uses SQLite.
  if (value instanceof Date) return value;
  const asUtc = new Date(`${value.replace(" ", "T")}Z`);
  return Number.isNaN(asUtc.getTime()) ? new Date(value) : asUtc;
}

// An expiry nobody can read is a passed one: an invalid Date compares false with every
// instant, so it would never expire, and a session must fail closed.
function toExpiry(value: string | Date): Date {
  const date = toDate(value);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}
