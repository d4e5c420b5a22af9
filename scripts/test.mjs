#!/usr/bin/env node
// `npm test`: lint, typecheck, production build, Vitest (unit + integration on real
// SQLite, and start-up tests that run that build), the workshop's labs (each patch breaks
// its control), Playwright (Chromium against the build), and the session audit against
// builds of the shop broken as two labs break it.
// Every step runs even if an earlier one failed, so one run shows everything that is
// wrong. The last line sums both test runners: "N passed, N failed, N skipped"; lint,
// typecheck or build failing counts as one failure each.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const bin = (name) => `node_modules/.bin/${name}`;

// Without `npm install` each step below would fail on its own, with five messages that do
// not say why. Say the one thing that is wrong instead, and still end with the summary line.
const tools = ["eslint", "tsc", "next", "vitest", "playwright", "tsx"];
const missing = tools.filter((name) => !existsSync(bin(name)));
if (missing.length > 0) {
  console.error(`The dependencies are not installed (${missing.map(bin).join(", ")} missing).`);
  console.error("Run `npm install` first, then `npm test` again.");
  console.log("0 passed, 1 failed, 0 skipped");
  process.exit(1);
}

process.env.NEXT_TELEMETRY_DISABLED = "1";
mkdirSync("test-results", { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function step(name, command, args) {
  console.log(`\n=== ${name}: ${[command, ...args].join(" ")}`);
  const { status } = spawnSync(command, args, { stdio: "inherit" });
  if (status !== 0) failedSteps.push(name);
  return status === 0;
}

function readJson(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

if (!step("lint", bin("eslint"), ["--max-warnings=0", "."])) totals.failed += 1;
if (!step("typecheck", bin("tsc"), ["--noEmit"])) totals.failed += 1;

// The build comes before Vitest: its start-up tests (tests/integration/startup-*) run
// `next start` on this build to prove that a bad environment stops the server.
const built = step("production build", bin("next"), ["build"]);
if (!built) totals.failed += 1;

rmSync("test-results/vitest.json", { force: true });
step("unit and integration tests", bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=test-results/vitest.json"]);
const vitest = readJson("test-results/vitest.json");
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A suite that failed to load reports no tests at all; count it so it cannot hide.
  if (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0) totals.failed += vitest.numFailedTestSuites;
} else {
  totals.failed += 1;
}

// A check that writes `{ passed, failed }` to its results file, each lab one test; no file
// (it crashed before writing one) is one failure.
function countedStep(name, command, args, results) {
  rmSync(results, { force: true });
  step(name, command, args);
  const counts = readJson(results);
  totals.passed += counts?.passed ?? 0;
  totals.failed += counts ? counts.failed : 1;
}

// Every lab of docs/workshop.md, proved: its patch applies to a scratch copy and turns its
// guarding tests red (scripts/check-labs.mjs).
countedStep("workshop labs", process.execPath, ["scripts/check-labs.mjs"], "test-results/labs.json");

if (built) {
  rmSync("test-results/e2e.json", { force: true });
  step("end-to-end tests", bin("playwright"), ["test"]);
  const e2e = readJson("test-results/e2e.json");
  if (e2e?.stats) {
    totals.passed += e2e.stats.expected + e2e.stats.flaky;
    totals.failed += e2e.stats.unexpected + (e2e.errors?.length ?? 0);
    totals.skipped += e2e.stats.skipped;
  } else {
    totals.failed += 1;
  }
}

// The session audit against the shop broken as a lab breaks it (scripts/check-audit-labs.ts):
// each listed lab's patch in a scratch copy, built and served, must fail exactly its
// matching checks.
countedStep("session audit of broken shops", bin("tsx"), ["scripts/check-audit-labs.ts"], "test-results/audit-labs.json");

console.log(failedSteps.length ? `\nFailed steps: ${failedSteps.join(", ")}` : "\nAll steps passed.");
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length || totals.failed ? 1 : 0);
