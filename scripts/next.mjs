#!/usr/bin/env node
// Runs Next.js for `npm run dev`, `npm run build` and `npm run serve` (and for `npm start`,
// through scripts/start.mjs), the same way for each:
// - telemetry off: this project builds and runs with no network beyond the npm registry;
// - .env read here as well, so HOST and PORT set there count (Next.js reads .env itself,
//   but only once it runs, too late for the --hostname and --port it is given);
// - the environment checked before Next.js starts, so a bad value stops the command with a
//   message that names the variable, rather than a server that answers 500 to everything;
// - the server bound to HOST, 127.0.0.1 by default: the demo's passwords are published in
//   the README, so it must not be reachable from the network unless someone says so;
// - mail written to data/outbox/ (one .eml file per message, `npm run mail` prints them)
//   unless SMTP_URL names a mail server: the demo sends reset links with no mail server.
//
// Usage: node scripts/next.mjs dev|build|start
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const tsxBin = path.join(root, "node_modules/tsx/dist/cli.mjs");

/** Loads .env (values already in the environment win) and the settings every command shares. */
export function loadEnvironment() {
  process.chdir(root);
  if (existsSync(".env")) process.loadEnvFile(".env");
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.HOST ||= "127.0.0.1";
  process.env.PORT ||= "3000";
  if (!process.env.SMTP_URL) process.env.MAIL_OUTBOX_DIR ||= "data/outbox";
}

/**
 * Validates the environment with lib/env.ts, as the server will see it: `next dev` runs
 * with NODE_ENV=development, `next start` with production. Exits on a bad value.
 */
export function checkEnvironment(nodeEnv) {
  const result = spawnSync(process.execPath, [tsxBin, "--conditions=react-server", "scripts/check-env.ts"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: nodeEnv },
  });
  if (result.status !== 0) {
    console.error(`\nThe server was not started: fix the variable named above (in .env or the environment).`);
    process.exit(result.status ?? 1);
  }
}

/** Runs `next build`; exits if it fails. */
export function build() {
  const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * Starts `next dev`, or the production server (scripts/server.mjs, which decides the
 * client's address before Next.js sees a request), on HOST:PORT; exits when it does.
 */
export function serve(command) {
  const { HOST: host, PORT: port } = process.env;
  const shown = host === "127.0.0.1" || host === "::1" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  console.log(`\nThe shop is starting on http://${shown}:${port}\n`);
  const args = command === "start" ? [path.join(root, "scripts/server.mjs")] : [nextBin, command, "--hostname", host, "--port", port];
  const server = spawn(process.execPath, args, { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  loadEnvironment();
  if (command === "build") {
    build();
  } else if (command === "dev" || command === "start") {
    checkEnvironment(command === "dev" ? "development" : "production");
    serve(command);
  } else {
    console.error("Usage: node scripts/next.mjs dev|build|start");
    process.exit(2);
  }
}
