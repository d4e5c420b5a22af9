// Proves that the session audit (npm run audit, docs/audit.md) notices a broken shop from
// outside. For each lab listed in tests/e2e/audit-labs.ts: a scratch copy of the working
// tree gets docs/labs/<n>.patch, is built and served (on its own port and database, with
// short timeouts when the break only shows on expiry), and the audit run against it must
// fail exactly the checks the lab names, no other. The checkout is never touched.
//   npx tsx scripts/check-audit-labs.ts          every lab listed
//   npx tsx scripts/check-audit-labs.ts 3        this one
// `npm test` runs it after the e2e suite and counts each lab as one test
// (test-results/audit-labs.json). Each lab costs a production build, 2 to 4 minutes.
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { AUDIT_LABS, SHORT_TIMEOUT_WAITS, UNKNOWN_OVER_LOCAL_HTTP } from "../tests/e2e/audit-labs";
import { SHORT_TIMEOUTS } from "../tests/e2e/short-timeouts";
import type { AuditReport } from "../tools/session-audit/audit";
import { scratchCopy } from "./lib/scratch-copy.mjs";

const root = path.resolve(import.meta.dirname, "..");
const PORT = 3120;
const url = `http://localhost:${PORT}`;

type Outcome = { lab: string; ok: boolean; why: string | null };

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

async function portTaken(): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

async function waitForHealth(server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (server.exitCode !== null) throw new Error(`the server exited with status ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not answer /api/health within two minutes");
}

async function audit(configFile: string, only: string | undefined): Promise<AuditReport> {
  const cli = path.join(root, "node_modules/.bin/tsx");
  const args = ["tools/session-audit/cli.ts", url, "--config", configFile, "--json", ...(only ? ["--only", only] : [])];
  const { stdout } = await promisify(execFile)(cli, args, { cwd: root, timeout: 300_000 }).catch(
    (error: { code?: number; stdout?: string }) => {
      // Exit 1 is "a check failed", which is what this script expects to see.
      if (error.code === 1 && error.stdout) return { stdout: error.stdout };
      throw error;
    },
  );
  return JSON.parse(stdout) as AuditReport;
}

async function prove(lab: string, folder: string): Promise<string | null> {
  const expected = AUDIT_LABS[lab];
  if (!expected) return `no expectations for lab ${lab} in tests/e2e/audit-labs.ts`;
  const applied = run("git", ["apply", path.join(root, "docs/labs", `${lab}.patch`)], folder);
  if (!applied.ok) return `the patch does not apply: ${applied.output}`;
  try {
    const built = run(path.join(folder, "node_modules/.bin/next"), ["build"], folder, { NEXT_TELEMETRY_DISABLED: "1" });
    if (!built.ok) return `the patched shop does not build:\n${built.output.slice(-2000)}`;

    const timeouts = expected.timeouts
      ? { SESSION_IDLE_TIMEOUT_SECONDS: String(SHORT_TIMEOUTS.idleSeconds), SESSION_ABSOLUTE_TIMEOUT_SECONDS: String(SHORT_TIMEOUTS.absoluteSeconds) }
      : {};
    // Another server on the port would answer the health check, and be audited instead.
    if (await portTaken()) return `port ${PORT} is taken by another server; stop it first`;
    const dataDir = path.join(folder, ".tmp/audit");
    const server = spawn(process.execPath, ["scripts/e2e-server.mjs"], {
      cwd: folder,
      stdio: "ignore",
      env: { ...process.env, E2E_PORT: String(PORT), E2E_DATA_DIR: dataDir, GUEST_SESSIONS_PER_HOUR: "100000", ...timeouts },
    });
    try {
      await waitForHealth(server).catch((error: Error) => {
        // The server's own words, from the log scripts/e2e-server.mjs keeps.
        const log = existsSync(path.join(dataDir, "server.log")) ? readFileSync(path.join(dataDir, "server.log"), "utf8").slice(-2000) : "(no server log)";
        throw new Error(`${error.message}\n${log}`);
      });
      const config = JSON.parse(readFileSync(path.join(root, "tools/session-audit/shop.config.json"), "utf8")) as object;
      const configFile = path.join(folder, "audit.config.json");
      writeFileSync(configFile, JSON.stringify(expected.timeouts ? { ...config, timeouts: SHORT_TIMEOUT_WAITS } : config));
      const report = await audit(configFile, expected.only);

      const failed = report.checks.filter((check) => check.status === "FAIL").map((check) => check.id);
      const unknown = report.checks.filter((check) => check.status === "UNKNOWN").map((check) => check.id);
      // Over plain HTTP on loopback, Secure and the prefix cannot pass; the timeouts are
      // unknown unless the audit was given waits.
      const ran = new Set(report.checks.map((check) => check.id));
      const expectedUnknown = UNKNOWN_OVER_LOCAL_HTTP.filter((id) => ran.has(id) && !(expected.timeouts && id.startsWith("timeout.")) && !expected.fails.includes(id));
      const same = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
      if (!same(failed, expected.fails)) return `expected exactly ${expected.fails.join(", ")} to FAIL, got: ${failed.join(", ") || "none"}\n${JSON.stringify(report.checks, null, 2)}`;
      if (!same(unknown, expectedUnknown)) return `expected ${expectedUnknown.join(", ")} UNKNOWN, got: ${unknown.join(", ")}`;
      return null;
    } finally {
      await stop(server);
    }
  } finally {
    run("git", ["apply", "-R", path.join(root, "docs/labs", `${lab}.patch`)], folder);
  }
}

const selected = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg));
const labs = selected.length > 0 ? selected : Object.keys(AUDIT_LABS);
// Outside the checkout (Next.js would take a folder inside it for part of a workspace),
// with node_modules hard-linked: the bundler refuses a symlinked one.
const folder = scratchCopy(root, tmpdir(), { dependencies: "hardlink" });
const outcomes: Outcome[] = [];
try {
  for (const lab of labs) {
    const started = Date.now();
    const why = await prove(lab, folder).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(why === null ? `ok    lab ${lab}: the audit fails exactly ${AUDIT_LABS[lab]?.fails.join(", ")} (${seconds} s)` : `FAIL  lab ${lab}: ${why}`);
    outcomes.push({ lab, ok: why === null, why });
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
  // Written whatever happened: a lab that did not run counts as failed.
  const failed = labs.length - outcomes.filter((outcome) => outcome.ok).length;
  mkdirSync(path.join(root, "test-results"), { recursive: true });
  writeFileSync(path.join(root, "test-results/audit-labs.json"), `${JSON.stringify({ passed: labs.length - failed, failed, outcomes }, null, 2)}\n`);
}
const passed = outcomes.filter((outcome) => outcome.ok).length;
console.log(`\n${passed} of ${labs.length} broken shops caught by the audit.`);
process.exit(passed === labs.length ? 0 : 1);
