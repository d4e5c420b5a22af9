import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import { databaseProvider, type DatabaseProvider } from "@/lib/database-provider.mjs";
import { DatabaseUnavailableError, databaseStatus, noteDatabaseError, type DatabaseStatus } from "@/lib/db-health";
import { env } from "@/lib/env";
import { requestLog } from "@/lib/log";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresqlPrismaClient } from "@/lib/generated/prisma-postgresql/client";
import { sqliteFilePath } from "@/lib/sqlite-file.mjs";

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
    try {
      const connection = new Database(this.#file, { timeout: 5000, fileMustExist: true });
      try {
        connection.pragma("journal_mode = WAL");
      } finally {
        connection.close();
      }
      return await super.connect();
    } catch (error) {
      // The message of an open error names the file's path: keep it in the cause, for the
      // server log, and out of the reason, which is shown to visitors.
      const unavailable = new DatabaseUnavailableError("database cannot be opened", { cause: error });
      noteDatabaseError(unavailable);
      throw unavailable;
    }
  }
}

// DATABASE_QUERY_LOG=1 logs every SQL statement with the id of the request that ran it
// ({"event":"db_query"}), so `npm run bench` can count session queries per request. Off by
// default: a line per query costs more than most queries.
const queryLog: { log?: [{ emit: "event"; level: "query" }] } = env.DATABASE_QUERY_LOG ? { log: [{ emit: "event", level: "query" }] } : {};

function logQueries(client: PrismaClient): PrismaClient {
  if (!env.DATABASE_QUERY_LOG) return client;
  (client as PrismaClient<"query">).$on("query", (event) => {
    void requestLog().then((logger) => logger.info({ event: "db_query", sql: event.query, durationMs: event.duration }));
  });
  return client;
}

function createClient(): PrismaClient {
  return logQueries(createProviderClient());
}

function createProviderClient(): PrismaClient {
  if (provider === "sqlite") return new PrismaClient({ adapter: new WriteAheadLogSqlite(sqliteFilePath(env.DATABASE_URL)!), ...queryLog });
  const adapter = new PrismaPg(
    { connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE },
    // A connection the server dropped (a restart, a failover) is an outage to report, not
    // an uncaught error that ends the process; the pool opens a new one at the next query.
    { onPoolError: (error) => noteDatabaseError(new DatabaseUnavailableError("database connection lost", { cause: error })) },
  );
  // The two generated clients have the same models and methods; the SQLite client's type
  // (the narrower of the two: no case-insensitive mode, no isolation levels but
  // Serializable) is the one the code is written against, so it runs on both.
  return new PostgresqlPrismaClient({ adapter, ...queryLog }) as unknown as PrismaClient;
}

// One client per process. In development Next.js re-evaluates modules on every edit, so
// the client is parked on globalThis to avoid opening a new connection each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const db = globalForPrisma.prisma ?? createClient();

if (env.NODE_ENV !== "production") globalForPrisma.prisma = db;

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
