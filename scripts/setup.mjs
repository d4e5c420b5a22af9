#!/usr/bin/env node
// Prepares a clone to run: writes .env on first run (with a fresh AUTH_SECRET), applies
// the committed migrations to the database (creating it when missing) and adds the demo
// data that is missing. Safe to run again: it never overwrites .env or existing rows.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

export function ensureEnvFile() {
  if (existsSync(".env")) return;
  copyFileSync(".env.example", ".env");
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(".env", readFileSync(".env", "utf8").replace(/^AUTH_SECRET=.*$/m, `AUTH_SECRET="${secret}"`));
  console.log("Created .env with a new random AUTH_SECRET.");
}

function run(label, args) {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`${label} failed (exit code ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

export function prepareDatabase({ seed = true } = {}) {
  // The Prisma CLI runs through scripts/prisma-schema-engine.mjs (see prisma.config.ts),
  // so this works with no network.
  run("Database migration", ["node_modules/prisma/build/index.js", "migrate", "deploy"]);
  if (seed && process.env.NODE_ENV !== "production") run("Demo data", ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "prisma/seed.ts"]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureEnvFile();
  process.loadEnvFile(".env");
  prepareDatabase();
}
