#!/usr/bin/env node
// The cluster the e2e suite drives (tests/e2e/cluster.spec.ts): `npm run cluster` on the
// current build, on a PostgreSQL database dropped and recreated at every start, with its
// whole output also written to .tmp/e2e-cluster/server.log for the log audit.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { databaseUrl, dropDatabase } from "./lib/postgres.mjs";

const name = process.env.E2E_CLUSTER_DATABASE ?? "shop_e2e_cluster";
await dropDatabase(name);
const dir = ".tmp/e2e-cluster";
mkdirSync(dir, { recursive: true });
const log = createWriteStream(`${dir}/server.log`);

const cluster = spawn(process.execPath, ["scripts/cluster.mjs", "--no-build"], {
  env: { ...process.env, DATABASE_URL: databaseUrl(name), MAIL_OUTBOX_DIR: `${dir}/outbox`, BCRYPT_COST: process.env.BCRYPT_COST ?? "10" },
  stdio: ["ignore", "pipe", "pipe"],
});
for (const stream of [cluster.stdout, cluster.stderr]) {
  stream.on("data", (chunk) => {
    process.stdout.write(chunk);
    log.write(chunk);
  });
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => cluster.kill(signal));
cluster.on("exit", (code) => log.end(() => process.exit(code ?? 0)));
