import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDatabase, databaseUrl, dropDatabases, postgresReachable, postgresServerUrl, scratchName } from "@/scripts/lib/postgres.mjs";

// Migrates one template database with the real migrations and the real Prisma CLI, once
// per run and per database: a SQLite file, or a database on the PostgreSQL server of
// TEST_POSTGRES_URL. Each test file then works on its own copy (tests/setup/database.ts).

function migrate(url: string): void {
  const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`Migrating the test database failed:\n${result.stdout}\n${result.stderr}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (project.name === "postgresql") {
    const reachable = await postgresReachable();
    if (!reachable.ok) {
      throw new Error(
        `The PostgreSQL tests need a server at ${postgresServerUrl()} (TEST_POSTGRES_URL): ${reachable.reason}. ` +
          "Start one, or run the SQLite tests alone with TEST_DATABASES=sqlite.",
      );
    }
    // Every database of this run shares the prefix, so the teardown finds the copies too.
    const prefix = scratchName("shop_test");
    const template = `${prefix}_template`;
    await createDatabase(template);
    migrate(databaseUrl(template));
    project.provide("testDatabase", { provider: "postgresql", template, prefix });
    return () => dropDatabases(prefix);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "shop-test-template-"));
  const file = path.join(dir, "template.db");
  migrate(`file:${file}`);
  project.provide("testDatabase", { provider: "sqlite", template: file, prefix: "" });
  return async () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template: a SQLite file's path, or a PostgreSQL database's name. */
    testDatabase: { provider: "sqlite" | "postgresql"; template: string; prefix: string };
  }
}
