#!/usr/bin/env node
// `npm run workshop`: the shop for the labs of docs/workshop.md, and an attacker site to
// try the attacks against it.
// - The shop: `next dev` on http://localhost:3000, so a participant's edit (a lab's break,
//   or its repair) is what the next request runs, with no build; on its own database,
//   data/workshop/shop.db, reset to the seed at every start. Its whole output goes to
//   data/workshop/shop.log, which the attacker site's referee reads.
// - The attacker site: http://127.0.0.1:4000 (another site than localhost to the
//   browser), and its sibling http://localhost:4001 (scripts/workshop/attacker.mjs).
// Prints `Shop: <url>` and `Attacker: <url>` once both answer; Ctrl-C stops both.
// WORKSHOP_SHOP_PORT and WORKSHOP_ATTACKER_PORT (the sibling takes the next) move them.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startAttacker } from "./workshop/attacker.mjs";
import { resetWorkshopDatabase, WORKSHOP_DATABASE, WORKSHOP_DIR, WORKSHOP_LOG } from "./workshop/database.mjs";
import { checkEnvironment, loadEnvironment } from "./next.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shopPort = Number(process.env.WORKSHOP_SHOP_PORT ?? 3000);
const attackerPort = Number(process.env.WORKSHOP_ATTACKER_PORT ?? 4000);
const shopUrl = `http://localhost:${shopPort}`;
const READY_TIMEOUT_MS = 240_000;

resetWorkshopDatabase();
loadEnvironment();
Object.assign(process.env, {
  HOST: "127.0.0.1",
  PORT: String(shopPort),
  // The victim, the attacker and the guessing script all come from 127.0.0.1 here, so the
  // per-address limits would soon lock everyone out together; the per-account throttle,
  // which the labs are about, keeps its defaults.
  SIGNIN_IP_FREE_FAILURES: "1000",
  GUEST_SESSIONS_PER_HOUR: "1000",
  REGISTRATIONS_PER_IP_PER_HOUR: "1000",
  MAIL_OUTBOX_DIR: path.join(WORKSHOP_DIR, "outbox"),
});
checkEnvironment("development");

const log = createWriteStream(WORKSHOP_LOG, { flags: "w", mode: 0o600 });
const shop = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "dev", "--hostname", "127.0.0.1", "--port", String(shopPort)], {
  stdio: ["ignore", "pipe", "pipe"],
  env: process.env,
});
// The JSON lines are the shop's own log (in the file, for the referee); Next.js's lines
// (compiling, errors in a participant's edit) are worth seeing in the terminal too.
for (const stream of [shop.stdout, shop.stderr]) {
  stream.on("data", (chunk) => {
    log.write(chunk);
    const text = chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim() && !line.startsWith("{"))
      .join("\n");
    if (text) console.log(text);
  });
}

let attacker = null;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await attacker?.close();
  if (shop.exitCode === null) {
    shop.kill("SIGTERM");
    await new Promise((resolve) => shop.once("exit", resolve));
  }
  log.end(() => process.exit(code));
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(0));
shop.on("exit", (code) => {
  if (stopping) return;
  console.error(`The shop stopped (exit ${code}); see ${path.relative(root, WORKSHOP_LOG)}.`);
  void stop(1);
});

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

const started = Date.now();
// The first request compiles proxy and the health route, which takes a while on two cores.
while (!(await answers(`${shopUrl}/api/health`))) {
  if (Date.now() - started > READY_TIMEOUT_MS) {
    console.error(`The shop did not answer on ${shopUrl} within ${READY_TIMEOUT_MS / 1000} s.`);
    await stop(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
attacker = await startAttacker({
  shopUrl,
  attackerPort,
  siblingPort: attackerPort + 1,
  databaseFile: WORKSHOP_DATABASE,
  logFile: WORKSHOP_LOG,
});
if (!(await answers(attacker.url))) {
  console.error(`The attacker site did not answer on ${attacker.url}.`);
  await stop(1);
}
console.log(`\nShop: ${shopUrl}`);
console.log(`Attacker: ${attacker.url}`);
console.log("\nSign in as alice@example.com / wonderland-demo-42. Ctrl-C stops both. `npm run lab` shows the labs.");
