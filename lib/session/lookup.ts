import "server-only";
import type Database from "better-sqlite3";
import pg from "pg";
import { driver as appDriver, logQuery, type Driver } from "@/lib/db";
import { DatabaseUnavailableError, noteDatabaseError } from "@/lib/db-health";
import type { Role } from "@/lib/generated/prisma/client";
import type { Session, SessionUser } from "./store";

// The read every request makes: one session row and its user, by primary key, straight on
// the database driver. Through Prisma the same lookup costs about 0.9 ms of JavaScript on
// top of a 20 µs query, which made a signed-in page measurably slower than an anonymous
// one (docs/performance.md). Only this read bypasses Prisma; every write to a session
// stays in lib/session/store.ts, in Prisma's transactions. tests/integration/session-lookup.test.ts
// checks, on both databases, that this returns exactly what Prisma would.

export type SessionRecord = Session & { user: (SessionUser & { disabledAt: Date | null }) | null };

// Quoted names, as Prisma's migrations create them, so one statement serves both databases.
const SELECT_SESSION = `SELECT s."id", s."userId", s."createdAt", s."lastSeenAt", s."idleExpiresAt", s."absoluteExpiresAt",
  s."ipAddress", s."userAgent", s."authenticatedAt", s."notice",
  u."name" AS "userName", u."email" AS "userEmail", u."role" AS "userRole", u."disabledAt" AS "userDisabledAt"
FROM "Session" s LEFT JOIN "User" u ON u."id" = s."userId"
WHERE s."id" = `;
const SQLITE_LOOKUP = `${SELECT_SESSION}?`;
const POSTGRES_LOOKUP = `${SELECT_SESSION}$1`;

// SQLite hands dates back as the ISO 8601 text Prisma's adapter stored; PostgreSQL as
// `timestamp(3)` without a time zone, which Prisma writes in UTC and node-postgres would
// read in the server process's local zone. Both become a Date of the same instant here.
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

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
const utcTimestamps = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_WITHOUT_TIME_ZONE ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The session stored under `id` (a token's hash) with its user, or null. `on`: for tests. */
export async function findSessionRecord(id: string, on: Driver = appDriver): Promise<SessionRecord | null> {
  const started = performance.now();
  const row = on.provider === "sqlite" ? readSqlite(on.connection(), id) : await readPostgres(on.pool, id);
  logQuery(on.provider === "sqlite" ? SQLITE_LOOKUP : POSTGRES_LOOKUP, performance.now() - started);
  return row ? toRecord(row) : null;
}

function readSqlite(connection: Database.Database, id: string): Row | undefined {
  // better-sqlite3 caches nothing by itself; the statement is kept per connection, and a
  // connection reopened after an outage prepares it again.
  let statement = statements.get(connection);
  if (!statement) {
    statement = connection.prepare<[string], Row>(SQLITE_LOOKUP);
    statements.set(connection, statement);
  }
  return statement.get(id);
}
const statements = new WeakMap<object, { get(id: string): Row | undefined }>();

async function readPostgres(pool: pg.Pool, id: string): Promise<Row | undefined> {
  try {
    // A named statement is parsed and planned once per pooled connection.
    const result = await pool.query<Row>({ name: "session-lookup", text: POSTGRES_LOOKUP, values: [id], types: utcTimestamps });
    return result.rows[0];
  } catch (error) {
    throw isConnectionError(error) ? unavailable(error) : error;
  }
}

// node-postgres reports a server it cannot reach with the socket's error code, and one that
// refuses it with SQLSTATE classes 08 (connection), 28 (authentication), 3D (no such
// database) or 57P (shut down).
const CONNECTION_SQLSTATE = /^(?:08|28|3D|57P)/;
const SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return SOCKET_ERRORS.has(code) || CONNECTION_SQLSTATE.test(code);
  return error instanceof Error && /Connection terminated/.test(error.message);
}

function unavailable(cause: unknown): DatabaseUnavailableError {
  const error = new DatabaseUnavailableError("database unreachable", { cause });
  noteDatabaseError(error);
  return error;
}

function toRecord(row: Row): SessionRecord {
  const session: Session = {
    id: row.id,
    userId: row.userId,
    createdAt: toDate(row.createdAt),
    lastSeenAt: toDate(row.lastSeenAt),
    idleExpiresAt: toDate(row.idleExpiresAt),
    absoluteExpiresAt: toDate(row.absoluteExpiresAt),
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    authenticatedAt: row.authenticatedAt === null ? null : toDate(row.authenticatedAt),
    notice: row.notice,
  };
  const user =
    row.userId === null || row.userEmail === null
      ? null
      : {
          id: row.userId,
          name: row.userName!,
          email: row.userEmail,
          role: row.userRole as Role,
          disabledAt: row.userDisabledAt === null ? null : toDate(row.userDisabledAt),
        };
  return { ...session, user };
}

function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(value);
}
