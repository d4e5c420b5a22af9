#!/usr/bin/env node
// The server the e2e suite drives: the production build, on its own port, with a new
// database (migrated and seeded) at every start, so runs never depend on each other.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { prepareDatabase } from "./setup.mjs";

const dir = path.resolve(process.env.E2E_DATA_DIR ?? ".tmp/e2e");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

Object.assign(process.env, {
  DATABASE_URL: `file:${path.join(dir, "shop.db")}`,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-only-secret-that-is-at-least-32-characters",
  BCRYPT_COST: process.env.BCRYPT_COST ?? "10",
  NEXT_TELEMETRY_DISABLED: "1",
  // Plain HTTP in production is allowed on a loopback bind only (lib/env.ts). The suite
  // reaches the server as http://localhost:<port>, which is this address.
  HOST: "127.0.0.1",
  // Reset and confirmation links land here; the specs read them (tests/e2e/mail.ts).
  MAIL_OUTBOX_DIR: path.join(dir, "outbox"),
});
prepareDatabase();

const port = process.env.E2E_PORT ?? "3100";
const server = spawn(process.execPath, ["scripts/server.mjs"], { stdio: "inherit", env: { ...process.env, PORT: port } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
