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
import { availableParallelism } from "node:os";
import autocannon from "autocannon";
import { signInStorm, startServer, stopServer } from "./lib/bench-server.mjs";

const PORT = Number(process.env.BENCH_PORT ?? 3900);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const STORM = Number(process.env.BENCH_STORM ?? 6);
const PAGE = "/products/ceramic-mug";

function browse(seconds) {
  return autocannon({ url: `${BASE}${PAGE}`, connections: 4, duration: seconds });
}

async function measure(concurrency, label) {
  const server = await startServer({
    port: PORT,
    dataDir: ".tmp/bench-signin-storm",
    env: { BCRYPT_COST: "12", BCRYPT_CONCURRENCY: String(concurrency) },
  });
  try {
    await browse(3); // warm-up: compile paths, fill caches
    const quiet = await browse(SECONDS);
    const loaded = browse(SECONDS);
    const signInsPerSecond = await signInStorm(BASE, STORM, loaded);
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
