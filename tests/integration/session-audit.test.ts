import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit, type AuditReport } from "@/tools/session-audit/audit";
import { parseConfig, type AuditConfig } from "@/tools/session-audit/config";
import type { CheckId } from "@/tools/session-audit/result";
import { startToySite, TOY_USER, type Flaw, type ToySiteOptions } from "./helpers/toy-session-site";

// The session audit against small sites of its own, each with one control broken: every
// check must fail where its control is missing, and a sound site must pass them all. The
// sites are real HTTPS servers (Secure and the cookie prefixes only exist there) and the
// audit drives them with its real Chromium.

const PORT = 4200;
const CLI_PORT = 4201;
const dir = mkdtempSync(path.join(tmpdir(), "session-audit-"));
let tls: { key: string; cert: string };

beforeAll(() => {
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", `${dir}/key.pem`, "-out", `${dir}/cert.pem`], { stdio: "ignore" });
  tls = { key: readFileSync(`${dir}/key.pem`, "utf8"), cert: readFileSync(`${dir}/cert.pem`, "utf8") };
});

const toyConfig = (overrides: Partial<AuditConfig> = {}): AuditConfig =>
  parseConfig({
    login: { url: "/login", fields: { Email: TOY_USER.email, Password: TOY_USER.password }, submit: "Sign in" },
    cookie: "toy_session",
    signedIn: { url: "/account", text: "Your account" },
    preLogin: [{ goto: "/" }, { click: "Add to cart" }],
    signOut: { page: "/account", button: "Sign out" },
    authenticatedPages: ["/orders"],
    tokenSamples: 6,
    ...overrides,
  });

async function auditToy(site: Omit<ToySiteOptions, "port" | "tls"> & { http?: boolean }, only: string[] = [], config = toyConfig()): Promise<AuditReport> {
  const toy = await startToySite({ ...site, port: PORT, tls: site.http ? undefined : tls });
  try {
    return await runAudit({ target: new URL(toy.url), config, insecure: true, only });
  } finally {
    await toy.close();
  }
}

const statuses = (report: AuditReport) => Object.fromEntries(report.checks.map((check) => [check.id, check.status]));

describe("session audit of a sound site", () => {
  it("passes every check; only the timeouts, not configured, are unknown", async () => {
    const report = await auditToy({});
    const unknown = report.checks.filter((check) => check.status === "UNKNOWN").map((check) => check.id);
    expect(report.checks.filter((check) => check.status === "FAIL")).toEqual([]);
    expect(unknown).toEqual(["timeout.idle", "timeout.absolute"]);
    expect(report.checks).toHaveLength(19);
    expect(report.cookie).toBe("__Host-toy_session");
  });

  it("over plain HTTP on loopback, says Secure and the prefix are unknown rather than failed", async () => {
    const report = await auditToy({ http: true }, ["cookie"]);
    expect(statuses(report)).toMatchObject({ "cookie.secure": "UNKNOWN", "cookie.prefix": "UNKNOWN", "cookie.httponly": "PASS" });
    expect(report.transport).toBe("loopback-http");
  });
});

// Each flaw, the checks to run, and those that must fail. Adding a check's failure path is
// one more line here.
const CASES: { flaw: Flaw; only: string[]; fails: CheckId[] }[] = [
  { flaw: "keeps-token-at-sign-in", only: ["fixation"], fails: ["fixation.rotation"] },
  { flaw: "adopts-planted-token", only: ["fixation.planted"], fails: ["fixation.planted"] },
  { flaw: "sign-out-clears-cookie-only", only: ["signout"], fails: ["signout.server", "signout.replay"] },
  { flaw: "no-httponly", only: ["cookie"], fails: ["cookie.httponly"] },
  { flaw: "samesite-none", only: ["cookie"], fails: ["cookie.samesite"] },
  { flaw: "no-secure", only: ["cookie"], fails: ["cookie.secure", "cookie.prefix"] },
  { flaw: "no-prefix", only: ["cookie"], fails: ["cookie.prefix"] },
  { flaw: "domain", only: ["cookie"], fails: ["cookie.domain"] },
  { flaw: "narrow-path", only: ["cookie"], fails: ["cookie.path"] },
  { flaw: "persistent", only: ["cookie"], fails: ["cookie.persistence"] },
  { flaw: "counter-tokens", only: ["token"], fails: ["token.length", "token.uniqueness"] },
  { flaw: "readable-tokens", only: ["token"], fails: ["token.charset"] },
  { flaw: "cacheable", only: ["cache"], fails: ["cache.authenticated"] },
  { flaw: "accepts-cross-origin", only: ["csrf"], fails: ["csrf.cross-origin-post"] },
  { flaw: "500-on-garbage", only: ["garbage"], fails: ["garbage.cookies"] },
];

describe("session audit of a site with one control broken", () => {
  for (const { flaw, only, fails } of CASES) {
    it(`${flaw}: ${fails.join(" and ")} FAIL, the other checks run pass`, async () => {
      const report = await auditToy({ flaws: [flaw] }, only);
      const failed = report.checks.filter((check) => check.status === "FAIL").map((check) => check.id);
      expect(failed.sort()).toEqual([...fails].sort());
      for (const check of report.checks.filter((check) => !fails.includes(check.id))) expect(check.status, check.id).not.toBe("FAIL");
    });
  }
});

describe("session audit of timeouts", () => {
  const waits = toyConfig({ timeouts: { idleWaitSeconds: 3, absoluteWaitSeconds: 5, activityEverySeconds: 1 } });

  it("passes a site whose sessions end after 2 s idle and 4 s in all", async () => {
    const report = await auditToy({ idleSeconds: 2, absoluteSeconds: 4 }, ["timeout"], waits);
    expect(statuses(report)).toEqual({ "timeout.idle": "PASS", "timeout.absolute": "PASS" });
  });

  it("fails a site whose sessions never end", async () => {
    const report = await auditToy({ flaws: ["no-timeouts"], idleSeconds: 2, absoluteSeconds: 4 }, ["timeout"], waits);
    expect(statuses(report)).toEqual({ "timeout.idle": "FAIL", "timeout.absolute": "FAIL" });
  });
});

// The command line: what a person or CI sees.
describe("npm run audit", () => {
  const run = promisify(execFile);
  type CliResult = { code: number; stdout: string; stderr: string };
  const cli = (args: string[]): Promise<CliResult> =>
    run(path.resolve("node_modules/.bin/tsx"), ["tools/session-audit/cli.ts", ...args], { timeout: 120_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: CliResult) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  const configFile = (config: object) => {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(config));
    return file;
  };
  const toyJson = { ...toyConfig(), tokenSamples: 2 };
  let toy: Awaited<ReturnType<typeof startToySite>> | undefined;
  afterAll(() => toy?.close());

  it("prints a failing check on a line that starts with FAIL, and exits 1", async () => {
    toy = await startToySite({ port: CLI_PORT, flaws: ["no-httponly"] });
    const result = await cli([toy.url, "--config", configFile(toyJson), "--only", "cookie.httponly,fixation.planted"]);
    await toy.close();
    toy = undefined;
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL +cookie\.httponly +the Set-Cookie from \/login has no HttpOnly/m);
    expect(result.stdout).toMatch(/^PASS +fixation\.planted /m);
    expect(result.stdout).toMatch(/^1 passed, 1 failed, 0 unknown in \d+ s$/m);
  });

  it("with --json, prints the report as JSON and exits 0 when nothing failed", async () => {
    toy = await startToySite({ port: CLI_PORT });
    const result = await cli([toy.url, "--config", configFile(toyJson), "--only", "cookie.httponly", "--json"]);
    await toy.close();
    toy = undefined;
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.summary).toEqual({ pass: 1, fail: 0, unknown: 0 });
    expect(report.checks).toEqual([{ id: "cookie.httponly", status: "PASS", why: expect.any(String) }]);
  });

  it("exits 3 when the site cannot be reached or the sign-in does not work", async () => {
    const unreachable = await cli([`http://localhost:${CLI_PORT}`, "--config", configFile(toyJson)]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/^Could not audit: cannot reach/m);

    toy = await startToySite({ port: CLI_PORT });
    const wrongPassword = await cli([toy.url, "--config", configFile({ ...toyJson, login: { ...toyJson.login, fields: { Email: TOY_USER.email, Password: "wrong" } } }), "--only", "cache"]);
    await toy.close();
    toy = undefined;
    expect(wrongPassword.code).toBe(3);
    expect(wrongPassword.stderr).toMatch(/did not open \/account .*Incorrect email or password/);
  });

  it("exits 2 on a usage or config error, before sending anything", async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(["ftp://example.com"])).code).toBe(2);
    expect((await cli(["http://localhost:1", "--only", "nonsense"])).code).toBe(2);
    const badConfig = await cli(["http://localhost:1", "--config", configFile({ login: { url: "/login" } })]);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/is not a valid audit config/);
    expect((await cli(["http://localhost:1", "--config", configFile({ ...toyJson, login: { ...toyJson.login, fields: { Password: { env: "AUDIT_UNSET_VARIABLE" } } } })])).code).toBe(2);
  });
});
