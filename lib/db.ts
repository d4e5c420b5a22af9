import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, type DatabaseProvider } from "@/lib/database-provider.mjs";
import { DatabaseUnavailableError, databaseStatus, noteDatabaseError, type DatabaseStatus } from "@/lib/db-health";
import { env } from "@/lib/env";
import { requestLog } from "@/lib/log";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresqlPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { sqliteFilePath } from "@/lib/sqlite-file.mjs";
import { aroundEachTransaction, oneTransactionAtATime } from "@/lib/db-adapters";

// The database is the embedded SQLite file of the demo (`file:`) or a PostgreSQL server
// (`postgresql://`), for several instances sharing one store. Both run the same models
// through a driver adapter; each provider has its own generated client, because Prisma
// compiles queries for one provider at a time.
export const provider: DatabaseProvider = databaseProvider(env.DATABASE_URL);

// Write-ahead logging: a commit appends to the log instead of rewriting pages under a
// rollback journal, and readers are not blocked by a writer. Session renewal, creation and
// rotation get about 4 times faster (`npm run bench:session`). The mode is stored in the
// database file, so it is set on a connection of our own just before Prisma opens the
// file: at its first query, never at import (`next build` imports this module with no
// database present).
//
// `fileMustExist`: a missing file is an outage, not an empty database to create. Only the
// migrations create the file. A failed open is reported to lib/db-health (pages answer 503
// until it opens) and Prisma calls connect() again at the next query, so the app recovers
// by itself once the file is back.
class WriteAheadLogSqlite extends PrismaBetterSqlite3 {
  readonly #file: string;

  constructor(file: string) {
    super({ url: `file:${file}`, fileMustExist: true });
    this.#file = file;
  }

  override async connect(): ReturnType<PrismaBetterSqlite3["connect"]> {
    openSqlite(this.#file).close();
    try {
      return oneTransactionAtATime(await super.connect());
    } catch (error) {
      throw unavailable("database cannot be opened", error);
    }
  }
}

// Opens the file in write-ahead-log mode, or reports the outage.
function openSqlite(file: string): Database.Database {
  let connection: Database.Database | undefined;
  try {
    connection = new Database(file, { timeout: 5000, fileMustExist: true });
    connection.pragma("journal_mode = WAL");
    return connection;
  } catch (error) {
    connection?.close();
    throw unavailable("database cannot be opened", error);
  }
}

// The message of an open error names the file's path or the server's address: it is kept
// in the cause, for the server log, and out of the reason, which is shown to visitors.
function unavailable(reason: string, cause: unknown): DatabaseUnavailableError {
  const error = new DatabaseUnavailableError(reason, { cause });
  noteDatabaseError(error);
  return error;
}

// DATABASE_QUERY_LOG=1 logs every SQL statement with the id of the request that ran it
// ({"event":"db_query"}), so `npm run bench` can count session queries per request. Off by
// default: a line per query costs more than most queries.
const queryLog: { log?: [{ emit: "event"; level: "query" }] } = env.DATABASE_QUERY_LOG ? { log: [{ emit: "event", level: "query" }] } : {};

/** Logs one statement as DATABASE_QUERY_LOG=1 asks, for Prisma's queries and the driver's alike. */
export function logQuery(sql: string, durationMs: number): void {
  if (!env.DATABASE_QUERY_LOG) return;
  void requestLog().then((logger) => logger.info({ event: "db_query", sql, durationMs }));
}

/**
 * The driver under Prisma, for the reads every page makes (readOnDriver, below): Prisma
 * spends about 0.9 ms of JavaScript on a lookup the driver answers in 20 µs (`npm run
 * bench`, item 4). SQLite: a connection of its own, opened at its first use and reopened
 * after an outage; in write-ahead-log mode it reads beside Prisma's connection without
 * waiting for a writer. PostgreSQL: the pool Prisma's adapter uses. Everything else,
 * every write above all, goes through Prisma.
 */
export type Driver = { provider: "sqlite"; connection: () => Database.Database } | { provider: "postgresql"; pool: pg.Pool };

/** The driver for the database at `url`; the app's own is `driver`, below. */
export function createDriver(url: string): Driver {
  if (databaseProvider(url) === "sqlite") return { provider: "sqlite", connection: sqliteReader(sqliteFilePath(url)!) };
  const pool = new pg.Pool({ connectionString: url, max: env.DATABASE_POOL_SIZE });
  // A connection the server dropped (a restart, a failover) is an outage to report, not
  // an uncaught error that ends the process; the pool opens a new one at the next query.
  pool.on("error", (error) => noteDatabaseError(new DatabaseUnavailableError("database connection lost", { cause: error })));
  return { provider: "postgresql", pool };
}

function sqliteReader(file: string): () => Database.Database {
  let connection: Database.Database | null = null;
  return () => {
    if (connection?.open) return connection;
    connection = openSqlite(file);
    // Reads only: a write here would bypass Prisma's transactions.
    connection.pragma("query_only = ON");
    return connection;
  };
}

/**
 * One read statement on the driver, for the two that every page runs: the session lookup
 * (lib/session/lookup.ts) and the header's cart count (lib/shop/cart.ts). `sql` is written
 * once for both databases, with quoted names as the migrations create them and `?` for
 * each value. Rows come back as the driver gives them: SQLite's dates are the ISO 8601
 * text Prisma stored, PostgreSQL's are Dates (read as the UTC Prisma wrote) and its
 * bigints are strings. `name` names the statement on PostgreSQL, which then parses and
 * plans it once per pooled connection. `on`: another database, for tests.
 */
export async function readOnDriver<Row>(name: string, sql: string, values: readonly (string | number)[], on: Driver = driver): Promise<Row[]> {
  const started = performance.now();
  const rows = on.provider === "sqlite" ? readSqlite<Row>(on.connection(), sql, values) : await readPostgres<Row>(on.pool, name, sql, values);
  logQuery(sql, performance.now() - started);
  return rows;
}

// better-sqlite3 caches nothing by itself: statements are kept per connection, and a
// connection reopened after an outage prepares them again.
const sqliteStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function readSqlite<Row>(connection: Database.Database, sql: string, values: readonly (string | number)[]): Row[] {
  let statements = sqliteStatements.get(connection);
  if (!statements) sqliteStatements.set(connection, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
  return statement.all(...values) as Row[];
}

async function readPostgres<Row>(pool: pg.Pool, name: string, sql: string, values: readonly (string | number)[]): Promise<Row[]> {
  let index = 0;
  const text = sql.replace(/\?/g, () => `$${(index += 1)}`);
  try {
    return (await pool.query({ name, text, values: [...values], types: utcTimestamps })).rows as Row[];
  } catch (error) {
    throw isConnectionError(error) ? unavailable("database unreachable", error) : error;
  }
}

// Prisma writes DateTime as `timestamp(3)` without a time zone, in UTC; node-postgres would
// read it in the server process's local zone.
const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
const utcTimestamps = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP_WITHOUT_TIME_ZONE ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

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

function createClient(driver: Driver): PrismaClient {
  const client = createProviderClient(driver);
  if (env.DATABASE_QUERY_LOG) (client as PrismaClient<"query">).$on("query", (event) => logQuery(event.query, event.duration));
  return countSessionWrites(client);
}

// Every write to a session or a user through Prisma in this process, counted. A lookup's
// answer handed on within a request (lib/session/proof.ts) is good only while this count
// has not moved: a server action that dismisses a notice, rotates a session or changes a
// role must be seen by the render that follows it in the same request. A count, not a
// list of what changed: a write elsewhere costs one more lookup, never a stale answer.
// On globalThis, because proxy.ts and the app's routes are bundled apart (each with its
// own client) but run in one process.
//
// It moves when such a write starts, again when it settles, and once more when a
// transaction during which it moved has committed or rolled back (sessionWritesSettled,
// below, around each transaction). proxy.ts reads it before its lookup, so a lookup that
// overlapped a write in this process (it may have read the row as it was before a
// revocation committed) is never vouched for once that write is done. A transaction that
// wrote neither table (a cart, an order, a throttle count) leaves proofs good.
const writes = ((globalThis as { sessionAndUserWrites?: { count: number } }).sessionAndUserWrites ??= { count: 0 });

/** How many times writes to the Session and User tables have started or ended in this process; see above. */
export function sessionWriteCount(): number {
  return writes.count;
}

function sessionWritesMoved(): void {
  writes.count += 1;
}

// Called as a transaction starts; what it returns, when the transaction has ended.
function sessionWritesSettled(): () => void {
  const before = writes.count;
  return () => {
    if (writes.count !== before) sessionWritesMoved();
  };
}

const READ_OPERATIONS = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany", "count", "aggregate", "groupBy"]);

function countSessionWrites(client: PrismaClient): PrismaClient {
  const count = ({ operation, args, query }: { operation: string; args: unknown; query: (args: unknown) => Promise<unknown> }) => {
    if (READ_OPERATIONS.has(operation)) return query(args);
    sessionWritesMoved();
    return query(args).finally(sessionWritesMoved);
  };
  // The extended client has the same models and methods; only its type is new.
  return client.$extends({ query: { session: { $allOperations: count }, user: { $allOperations: count } } }) as unknown as PrismaClient;
}

function createProviderClient(driver: Driver): PrismaClient {
  if (driver.provider === "sqlite") {
    return new PrismaClient({ adapter: aroundEachTransaction(new WriteAheadLogSqlite(sqliteFilePath(env.DATABASE_URL)!), sessionWritesSettled), ...queryLog });
  }
  // The two generated clients have the same models and methods; the SQLite client's type
  // (the narrower of the two: no case-insensitive mode, no isolation levels but
  // Serializable) is the one the code is written against, so it runs on both.
  return new PostgresqlPrismaClient({ adapter: aroundEachTransaction(new PrismaPg(driver.pool), sessionWritesSettled), ...queryLog }) as unknown as PrismaClient;
}

// One client per process, in production too. proxy.ts and the app's routes are bundled
// apart, each with its own copy of this module, yet run in one process. Two clients would
// be two SQLite write connections, whose file locks wait on each other synchronously
// (better-sqlite3 blocks the event loop while it waits, so the other connection cannot
// finish its transaction: a stall of the busy timeout, then SQLITE_BUSY), each with a gate
// of its own (lib/db-adapters.ts); and two PostgreSQL pools. In development Next.js also
// re-evaluates modules on every edit. So the client and the driver live on globalThis.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; driver?: Driver };

export const driver = (globalForPrisma.driver ??= createDriver(env.DATABASE_URL));
export const db = (globalForPrisma.prisma ??= createClient(driver));

/** Whether the database answers; see lib/db-health.ts for when it actually asks. */
export function checkDatabase(options?: { recheck?: boolean }): Promise<DatabaseStatus> {
  return databaseStatus(() => db.$queryRaw`SELECT 1`, options);
}

/**
 * A unique constraint refused a write (an email already taken, an idempotency key already
 * used). By code, not by class: each provider's client throws its own error class.
 */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && error.name === "PrismaClientKnownRequestError" && (error as { code?: unknown }).code === "P2002";
}

export type { PrismaClient };
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
