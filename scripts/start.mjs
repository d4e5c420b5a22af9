#!/usr/bin/env node
// `npm start`: everything a fresh clone needs, then the production server.
// Setup (idempotent) -> `next build` -> `next start` on $PORT (default 3000).
import { spawn, spawnSync } from "node:child_process";
import { ensureEnvFile, prepareDatabase } from "./setup.mjs";

ensureEnvFile();
// Values already in the environment win over .env, so `PORT=4000 npm start` works.
process.loadEnvFile(".env");
process.env.NEXT_TELEMETRY_DISABLED = "1";
prepareDatabase();

const next = "node_modules/next/dist/bin/next";
const build = spawnSync(process.execPath, [next, "build"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const port = process.env.PORT || "3000";
console.log(`\nThe shop is starting on http://localhost:${port}\n`);
const server = spawn(process.execPath, [next, "start", "--port", port], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
