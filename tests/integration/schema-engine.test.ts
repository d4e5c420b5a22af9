import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrl, dropDatabase, scratchName } from "@/scripts/lib/postgres.mjs";

// The real Prisma CLI, driving scripts/prisma-schema-engine.mjs (the WebAssembly schema engine)
// against a database that does not exist yet. Nothing here may need the network: the CLI is
// pointed at a dead proxy, so any attempt to download a native engine would fail the run.

const engineScript = path.resolve("scripts/prisma-schema-engine.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "schema-engine-test-"));
const databaseFile = path.join(dir, "migrated.db");
// /proc refuses new folders (and does not exist on macOS): this database can never be created.
const impossibleDatabaseFile = "/proc/no-such-folder/shop.db";

const offlineEnv = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: engineScript,
  HTTP_PROXY: "http://127.0.0.1:9",
  HTTPS_PROXY: "http://127.0.0.1:9",
  NO_PROXY: "",
  CHECKPOINT_DISABLE: "1",
};

function prisma(...args: string[]) {
  return prismaOn(`file:${databaseFile}`, ...args);
}

function prismaOn(url: string, ...args: string[]) {
  return spawnSync(process.execPath, ["node_modules/prisma/build/index.js", ...args], {
    env: { ...offlineEnv, DATABASE_URL: url },
    encoding: "utf8",
    timeout: 60_000,
  });
}

function engineCli(file: string, command: string) {
  return engineCliOn(`file:${file}`, command);
}

function engineCliOn(url: string, command: string) {
  return spawnSync(process.execPath, [engineScript, "--datasource", JSON.stringify({ url }), "cli", command], {
    encoding: "utf8",
    timeout: 20_000,
  });
}

// A PostgreSQL database that does not exist yet, on the test server; left out with
// TEST_DATABASES=sqlite (vitest.config.ts), for a machine without PostgreSQL.
const withPostgres = (process.env.TEST_DATABASES ?? "postgresql").includes("postgresql");
const postgresName = scratchName("shop_engine_test");
const postgresUrl = databaseUrl(postgresName);

let deploy: ReturnType<typeof prisma>;
beforeAll(() => {
  deploy = prisma("migrate", "deploy");
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (withPostgres) await dropDatabase(postgresName);
});

describe("the WebAssembly schema engine behind the Prisma CLI", () => {
  it("creates an empty database with `migrate deploy` and applies the migrations to it", () => {
    expect(deploy.status, `${deploy.stdout}\n${deploy.stderr}`).toBe(0);

    const db = new Database(databaseFile, { readonly: true });
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => (row as { name: string }).name);
      expect(tables).toEqual(
        expect.arrayContaining(["User", "Session", "Product", "Cart", "CartItem", "Order", "OrderItem", "_prisma_migrations"]),
      );

      // Every committed migration, in order, each finished and none rolled back.
      const committed = readdirSync("prisma/migrations/sqlite", { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
      const migrations = db.prepare("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name").all();
      expect(committed[0]).toMatch(/^\d{14}_init$/);
      expect(migrations).toEqual(committed.map((name) => ({ migration_name: name, finished_at: expect.any(String), rolled_back_at: null })));
    } finally {
      db.close();
    }
  });

  it("reports the migrated database as up to date with `migrate status`", () => {
    const status = prisma("migrate", "status");
    expect(status.status, `${status.stdout}\n${status.stderr}`).toBe(0);
    expect(status.stdout).toContain("Database schema is up to date!");
  });

  it("answers `cli can-connect-to-database` with exit 0, or exit 1 and the error line the CLI parses", () => {
    expect(engineCli(databaseFile, "can-connect-to-database").status).toBe(0);

    const missing = engineCli(impossibleDatabaseFile, "can-connect-to-database");
    expect(missing.status).toBe(1);
    // The CLI skips the first stderr line and parses every other one as JSON.
    const [, ...logLines] = missing.stderr.trimEnd().split("\n");
    expect(logLines.map((line) => JSON.parse(line))).toEqual([
      {
        level: "ERROR",
        target: "schema_engine::logger",
        fields: { error_code: "P1003", message: expect.stringContaining(impossibleDatabaseFile) },
      },
    ]);

    // Creating it must fail too, promptly (Node's recursive mkdir would spin forever on /proc).
    const create = engineCli(impossibleDatabaseFile, "create-database");
    expect(create.error).toBeUndefined();
    expect(create.status).toBe(1);
  });
});

// The drift check of the two sets of migrations: replayed on an empty database, each
// provider's migrations must give exactly the tables its schema describes. A model changed
// without a migration, or a migration written for one database only, fails here.
describe("the migrations of each database", () => {
  it("create exactly what prisma/schema.prisma describes, on SQLite", () => {
    expect(deploy.status, `${deploy.stdout}\n${deploy.stderr}`).toBe(0);
    const diff = prisma("migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code");
    expect(diff.status, `${diff.stdout}\n${diff.stderr}`).toBe(0);
    expect(diff.stdout).toContain("No difference detected.");
  });

  it.runIf(withPostgres)("create the database on PostgreSQL, and exactly what prisma/postgresql/schema.prisma describes", () => {
    // No such database yet: the CLI asks the engine, which says P1003, and has it created.
    expect(engineCliOn(postgresUrl, "can-connect-to-database").status).toBe(1);
    const migrated = prismaOn(postgresUrl, "migrate", "deploy");
    expect(migrated.status, `${migrated.stdout}\n${migrated.stderr}`).toBe(0);
    expect(engineCliOn(postgresUrl, "can-connect-to-database").status).toBe(0);

    const status = prismaOn(postgresUrl, "migrate", "status");
    expect(status.stdout).toContain("Database schema is up to date!");
    const diff = prismaOn(postgresUrl, "migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/postgresql/schema.prisma", "--exit-code");
    expect(diff.status, `${diff.stdout}\n${diff.stderr}`).toBe(0);
    expect(diff.stdout).toContain("No difference detected.");
  });

  it("notice a model that has no migration", () => {
    // The committed schema with one more column: the diff must see it and exit 2.
    const changed = path.join(dir, "changed.prisma");
    writeFileSync(changed, readFileSync("prisma/schema.prisma", "utf8").replace("model Product {", "model Product {\n  unmigrated String?"));
    const diff = prisma("migrate", "diff", "--from-config-datasource", "--to-schema", changed, "--exit-code");
    expect(diff.status).toBe(2);
  });
});
