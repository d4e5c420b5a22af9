#!/usr/bin/env node
// `npm run grade`: grades the HTTPS front of `npm run cluster` with Mozilla's HTTP
// Observatory scanner (npm @mdn/mdn-http-observatory), offline, and prints the grade and
// every test. Exits 1 below A+, 2 when the site cannot be scanned.
//
//   npm run grade                                  https://localhost:8443, http on 8080
//   npm run grade -- https://localhost:8443 --http-port 8080
//   npm run grade -- --lighthouse                  Lighthouse on the production build
//
// Two things the scanner would fetch from the internet are provided instead: its HSTS
// preload list (an empty list: localhost is on no preload list), and trust in the
// cluster's self-signed certificate (NODE_EXTRA_CA_CERTS=data/tls/cert.pem). Its own
// `scan()` always connects to ports 443 and 80, so this runs the same retriever, tests and
// grader with the ports given.
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

// `npm run grade -- --lighthouse`: the shopper-facing pages under Lighthouse instead, on the
// production build alone (scripts/lighthouse.mjs); no cluster needed.
if (process.argv.includes("--lighthouse")) {
  const { gradeLighthouse } = await import("./lighthouse.mjs");
  process.exit(await gradeLighthouse(process.argv.slice(2)));
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const certificate = path.join(root, "data/tls/cert.pem");

// Node reads NODE_EXTRA_CA_CERTS once, at start: run again with the cluster's certificate.
if (process.env.GRADE_TRUSTS_CLUSTER !== "1" && existsSync(certificate)) {
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: certificate, GRADE_TRUSTS_CLUSTER: "1" };
  const { status } = spawnSync(process.execPath, process.argv.slice(1), { stdio: "inherit", env });
  process.exit(status ?? 2);
}

const { values, positionals } = parseArgs({ options: { "http-port": { type: "string", default: "8080" } }, allowPositionals: true });
const target = new URL(positionals[0] ?? "https://localhost:8443");

const packageDir = path.dirname(createRequire(import.meta.url).resolve("@mdn/mdn-http-observatory/package.json"));
const preloadList = path.join(packageDir, "conf/hsts-preload.json");
if (!existsSync(preloadList)) writeFileSync(preloadList, "{}\n");

const { retrieve } = await import("@mdn/mdn-http-observatory/src/retriever/retriever.js");
const { ALL_TESTS, NUM_TESTS } = await import("@mdn/mdn-http-observatory/src/constants.js");
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await import("@mdn/mdn-http-observatory/src/grader/charts.js");
const { getGradeForScore, getScoreDescription, getScoreModifier } = await import("@mdn/mdn-http-observatory/src/grader/grader.js");

const retrieved = await retrieve(target.hostname, { httpsPort: target.port || "443", httpPort: values["http-port"] });
if (!retrieved.responses.auto) {
  console.error(`${target.href} cannot be reached. Is \`npm run cluster\` running?`);
  process.exit(2);
}

// The scanner's own scoring (src/scanner/index.js): bonuses count only once the score
// without them is an A.
let withBonus = 100;
let withoutBonus = 100;
let passed = 0;
const results = ALL_TESTS.map((test) => {
  const result = test(retrieved);
  const modifier = result.result ? getScoreModifier(result.result) : 0;
  withBonus += modifier;
  if (modifier < 0) withoutBonus += modifier;
  if (result.pass) passed += 1;
  return { name: result.constructor.name, pass: result.pass, result: result.result, modifier, description: result.result ? getScoreDescription(result.result) : "" };
});
const { grade, score } = getGradeForScore(withoutBonus >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withBonus : withoutBonus);

console.log(`Mozilla HTTP Observatory, ${target.origin} (HTTP on port ${values["http-port"]})`);
console.log(`Grade: ${grade} (score ${score}, ${passed} of ${NUM_TESTS} tests passed)\n`);
for (const { name, pass, result, modifier, description } of results) {
  const points = modifier === 0 ? "  0" : `${modifier > 0 ? "+" : ""}${modifier}`.padStart(3);
  console.log(`${pass ? "pass" : "FAIL"}  ${points}  ${name.padEnd(30)} ${result}`);
  if (!pass || modifier !== 0) console.log(`${" ".repeat(41)}${description.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim()}`);
}
process.exit(grade === "A+" ? 0 : 1);
