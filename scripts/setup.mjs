#!/usr/bin/env node
// Prepares a clone to run: writes .env on first run (with a fresh AUTH_SECRET), applies
// the committed migrations to the database (creating it when missing) and adds the demo
// data that is missing. Safe to run again: it never overwrites .env or existing rows.
//
// .env holds AUTH_SECRET and the database holds password hashes and sessions, so both are
// created readable by their owner only (0600), in a folder only the owner can open (0700).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sqliteFilePath } from "../lib/sqlite-file.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const PRIVATE_FILE = 0o600;
const PRIVATE_FOLDER = 0o700;

/** A secret file that someone made group- or world-readable is put back to owner-only. */
function keepPrivate(file) {
  if ((statSync(file).mode & 0o077) === 0) return;
  chmodSync(file, PRIVATE_FILE);
  console.log(`Made ${path.relative(root, file) || file} readable by its owner only (it held secrets and was shared).`);
}

export function ensureEnvFile() {
  if (existsSync(".env")) return keepPrivate(".env");
  const secret = randomBytes(32).toString("base64url");
  const text = readFileSync(".env.example", "utf8").replace(/^AUTH_SECRET=.*$/m, `AUTH_SECRET="${secret}"`);
  // The mode applies at creation, so the secret is never readable by others, not even briefly.
  writeFileSync(".env", text, { mode: PRIVATE_FILE, flag: "wx" });
  console.log("Created .env with a new random AUTH_SECRET.");
}

/** Creates the folders above `file` that are missing, owner-only, like `mkdir -p -m 700`. */
function makePrivateFolders(folder) {
  if (existsSync(folder)) return;
  makePrivateFolders(path.dirname(folder));
  mkdirSync(folder, { mode: PRIVATE_FOLDER });
}

/**
 * Creates the SQLite file named by DATABASE_URL as an empty, owner-only file before Prisma
 * opens it. SQLite takes an empty file as an empty database, and gives the journal and WAL
 * files it creates later the same mode as the database, so they stay private too. Left to
 * the migration, the file would get the process's default mode (usually world-readable).
 */
export function ensureDatabaseFile(url = process.env.DATABASE_URL ?? "file:./data/shop.db") {
  const file = sqliteFilePath(url);
  if (!file) return; // Not a SQLite file: the database server decides.
  if (existsSync(file)) return keepPrivate(file);
  makePrivateFolders(path.dirname(file));
  closeSync(openSync(file, "wx", PRIVATE_FILE));
}

function run(label, args) {
  const result = spawnSync(process.execPath, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`${label} failed (exit code ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

export function prepareDatabase({ seed = true } = {}) {
  ensureDatabaseFile();
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
