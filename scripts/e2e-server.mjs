#!/usr/bin/env node
// The server the e2e suite drives: the production build, on its own port, with a new
// database (migrated and seeded) at every start, so runs never depend on each other.
// With E2E_DATABASE=absent the database is neither created nor migrated: the outage
// server starts with its folder missing, and tests/e2e/outage.spec.ts moves one into place.
//
// Everything the server prints goes to the terminal as usual and also to
// <data folder>/server.log, which tests/e2e/log-audit.spec.ts searches, at the end of the
// run, for every token and cookie value the browsers held.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { prepareDatabase } from "./setup.mjs";

const dir = path.resolve(process.env.E2E_DATA_DIR ?? ".tmp/e2e");
const absentDatabase = process.env.E2E_DATABASE === "absent";
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

Object.assign(process.env, {
  // E2E_DATABASE_URL runs the server on another database, such as a throwaway PostgreSQL
  // one (`npm run bench`); it is migrated and seeded the same way.
  DATABASE_URL: process.env.E2E_DATABASE_URL ?? `file:${absentDatabase ? path.join(dir, "db", "shop.db") : path.join(dir, "shop.db")}`,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-that-is-at-least-32-characters",
  BCRYPT_COST: process.env.BCRYPT_COST ?? "10",
  NEXT_TELEMETRY_DISABLED: "1",
  // Plain HTTP in production is allowed on a loopback bind only (lib/env.ts). The suite
  // reaches the server as http://localhost:<port>, which is this address.
  HOST: "127.0.0.1",
  // Reset and confirmation links land here; the specs read them (tests/e2e/mail.ts).
  MAIL_OUTBOX_DIR: path.join(dir, "outbox"),
});
if (!absentDatabase) prepareDatabase();

const port = process.env.E2E_PORT ?? "3100";
const server = spawn(process.execPath, ["scripts/server.mjs"], { stdio: ["inherit", "pipe", "pipe"], env: { ...process.env, PORT: port } });
const serverLog = createWriteStream(path.join(dir, "server.log"));
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  serverLog.write(chunk);
});
server.stderr.on("data", (chunk) => {
  process.stderr.write(chunk);
  serverLog.write(chunk);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => serverLog.end(() => process.exit(code ?? 0)));
