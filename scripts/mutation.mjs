#!/usr/bin/env node
// `npm run test:mutation`: Stryker over the security core (see stryker.config.mjs).
// Extra arguments go to Stryker, e.g. `npm run test:mutation -- --force`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  // Stryker works on a copy of the project, and the copy loses the executable bit of
  // scripts. The Prisma CLI (run by the tests' global setup) must start the offline
  // schema engine from its original, executable place.
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(root, "scripts/prisma-schema-engine.mjs"),
  // The mutants are judged on SQLite alone: the same tests on PostgreSQL would double the
  // time and catch nothing more in code that does not branch on the database.
  TEST_DATABASES: process.env.TEST_DATABASES ?? "sqlite",
};
const { status } = spawnSync(process.execPath, [path.join(root, "node_modules/@stryker-mutator/core/bin/stryker.js"), "run", ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(status ?? 1);
