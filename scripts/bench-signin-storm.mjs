#!/usr/bin/env node
// What a storm of sign-ins does to everyone else:
//   npm run build && npm run bench:signin-storm      (prints figures; asserts nothing)
//
// Starts the production build (scripts/e2e-server.mjs: its own port and database) with
// bcrypt at the default cost of 12, measures a product page's latency with autocannon,
// first on a quiet server and then while STORM clients post wrong passwords to the sign-in
// action as fast as they are answered. It does this twice: with bcrypt's queue at its
// default (half the cores, lib/auth/password.ts) and with the queue opened wide, as the
// shop was before it. Tune with BENCH_SECONDS (default 10) and BENCH_STORM (default 6).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";

const PORT = Number(process.env.BENCH_PORT ?? 3900);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const STORM = Number(process.env.BENCH_STORM ?? 6);
const PAGE = "/products/ceramic-mug";

const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8"));
const signInAction = Object.entries(manifest.node).find(([, action]) => action.exportedName === "signInAction")?.[0];
if (!signInAction) throw new Error("No build found: run `npm run build` first.");

async function startServer(concurrency) {
  const server = spawn(process.execPath, ["scripts/e2e-server.mjs"], {
    env: {
      ...process.env,
      E2E_PORT: String(PORT),
      E2E_DATA_DIR: ".tmp/bench-signin-storm",
      BCRYPT_COST: "12",
      BCRYPT_CONCURRENCY: String(concurrency),
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error("The server did not start.");
}

async function stopServer(server) {
  process.kill(-server.pid, "SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
}

function browse(seconds) {
  return autocannon({ url: `${BASE}${PAGE}`, connections: 4, duration: seconds });
}

/** STORM clients posting wrong passwords for unknown emails until `until` resolves. */
async function storm(until) {
  let stopped = false;
  let attempts = 0;
  until.then(() => (stopped = true));
  const client = async (n) => {
    while (!stopped) {
      // The body React 19 sends for a useActionState form: the form's fields as `_1_<name>`,
      // and part "0" listing the arguments (the previous state, then the form).
      const form = new FormData();
      form.set("_1_email", `storm-${n}-${attempts}@example.test`);
      form.set("_1_password", "not the password at all");
      form.set("_1_next", "/");
      form.set("0", '[null,"$K1"]');
      const response = await fetch(`${BASE}/login`, { method: "POST", headers: { "Next-Action": signInAction, Origin: BASE }, body: form });
      await response.arrayBuffer();
      attempts += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: STORM }, (_, n) => client(n)));
  return attempts / ((performance.now() - started) / 1000);
}

async function measure(concurrency, label) {
  const server = await startServer(concurrency);
  try {
    await browse(3); // warm-up: compile paths, fill caches
    const quiet = await browse(SECONDS);
    const loaded = browse(SECONDS);
    const signInsPerSecond = await storm(loaded);
    const stormy = await loaded;
    return { label, concurrency, quiet, stormy, signInsPerSecond };
  } finally {
    await stopServer(server);
  }
}

const cores = availableParallelism();
const results = [
  await measure(Math.max(1, Math.floor(cores / 2)), "queue (default)"),
  // libuv runs at most 4 bcrypt calls at once: 64 slots is no queue at all.
  await measure(64, "no queue"),
];

console.log(`\n${PAGE}, 4 connections, ${SECONDS} s each; storm: ${STORM} clients posting wrong passwords; bcrypt cost 12; ${cores} cores\n`);
console.log("bcrypt slots         quiet p50/p99 ms   storm p50/p99 ms   p99 ratio   page req/s quiet→storm   sign-ins/s");
for (const { label, concurrency, quiet, stormy, signInsPerSecond } of results) {
  const ratio = stormy.latency.p99 / quiet.latency.p99;
  console.log(
    `${`${label} (${concurrency})`.padEnd(20)} ${`${quiet.latency.p50}/${quiet.latency.p99}`.padStart(17)}  ${`${stormy.latency.p50}/${stormy.latency.p99}`.padStart(17)}   ${ratio.toFixed(2).padStart(8)}×   ${`${Math.round(quiet.requests.average)}→${Math.round(stormy.requests.average)}`.padStart(22)}   ${signInsPerSecond.toFixed(1).padStart(10)}`,
  );
}
