import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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
  return spawnSync(process.execPath, ["node_modules/prisma/build/index.js", ...args], {
    env: { ...offlineEnv, DATABASE_URL: `file:${databaseFile}` },
    encoding: "utf8",
    timeout: 60_000,
  });
}

function engineCli(file: string, command: string) {
  return spawnSync(process.execPath, [engineScript, "--datasource", JSON.stringify({ url: `file:${file}` }), "cli", command], {
    encoding: "utf8",
    timeout: 20_000,
  });
}

let deploy: ReturnType<typeof prisma>;
beforeAll(() => {
  deploy = prisma("migrate", "deploy");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
      const committed = readdirSync("prisma/migrations", { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
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
