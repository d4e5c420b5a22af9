// Which database a DATABASE_URL names, read the same way by the app (lib/db.ts), the
// Prisma CLI's configuration (prisma.config.ts), the offline schema engine and the setup
// scripts. Plain JavaScript with its types in database-provider.d.mts, so Node runs it
// from scripts without a TypeScript step.
//
// `file:` is the embedded SQLite database of the two-command demo; `postgresql:` and
// `postgres:` are a PostgreSQL server. Anything else is refused, by name, here rather than
// deep inside a driver.

/** The Prisma provider for `url`: "sqlite" or "postgresql". Throws for any other scheme. */
export function databaseProvider(url) {
  if (typeof url === "string") {
    if (url.startsWith("file:")) return "sqlite";
    if (url.startsWith("postgresql://") || url.startsWith("postgres://")) return "postgresql";
  }
  const scheme = typeof url === "string" ? url.split(":")[0] : String(url);
  throw new Error(`DATABASE_URL must be a SQLite "file:" URL or a "postgresql://" URL, got ${JSON.stringify(scheme)}:...`);
}

/**
 * The schema and migrations of each provider. prisma/schema.prisma is the one source of
 * the models; prisma/postgresql/schema.prisma is generated from it (scripts/db-schema.mjs).
 */
export const PRISMA_FILES = {
  sqlite: { schema: "prisma/schema.prisma", migrations: "prisma/migrations/sqlite" },
  postgresql: { schema: "prisma/postgresql/schema.prisma", migrations: "prisma/migrations/postgresql" },
};
