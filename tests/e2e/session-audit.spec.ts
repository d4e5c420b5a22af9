import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { AuditReport } from "@/tools/session-audit/audit";
import { AUDIT_FAILURES_BY_LAB, UNKNOWN_OVER_LOCAL_HTTP } from "./audit-labs";
import { expect, test } from "./fixtures";

// The session audit (tools/session-audit, docs/audit.md) run against the shop from outside,
// exactly as a developer runs it: `npm run audit -- <url> --json`, with the committed
// default config (the demo account). The intact shop passes every check that can be
// decided over plain HTTP. With AUDIT_LAB=<n> (CI applies docs/labs/<n>.patch and builds
// first), exactly the checks listed for that lab in audit-labs.ts must fail.

const lab = process.env.AUDIT_LAB;
const expectedFailures = lab === undefined ? [] : AUDIT_FAILURES_BY_LAB[lab];

test(lab === undefined ? "the session audit passes the shop" : `the session audit catches lab ${lab}'s break`, async ({ baseURL }) => {
  if (expectedFailures === undefined) throw new Error(`AUDIT_LAB=${lab}: no expected failures listed in tests/e2e/audit-labs.ts`);
  // Twenty sign-ins and sign-outs for the token sample, on a loaded two-core machine.
  test.setTimeout(300_000);
  const { code, stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["tools/session-audit/cli.ts", baseURL ?? "", "--json"], {
    timeout: 280_000,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  expect(code, `exit status; output: ${stdout}`).not.toBe(2);
  expect(code, `exit status; output: ${stdout}`).not.toBe(3);
  const report = JSON.parse(stdout) as AuditReport;
  const failed = report.checks.filter((check) => check.status === "FAIL");
  expect(failed.map((check) => check.id).sort(), JSON.stringify(failed, null, 2)).toEqual([...expectedFailures].sort());
  expect(code).toBe(expectedFailures.length > 0 ? 1 : 0);
  expect(report.checks.filter((check) => check.status === "UNKNOWN").map((check) => check.id)).toEqual(UNKNOWN_OVER_LOCAL_HTTP);
  expect(report.checks).toHaveLength(19);
  expect(report.cookie).toBe("shop_session");
});
