import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { AuditReport } from "@/tools/session-audit/audit";
import { expect, test } from "./fixtures";
import { SHORT_TIMEOUT_WAITS } from "./audit-labs";

// The audit's timeout checks against the shop whose sessions end after 4 s idle and 10 s
// in all (the short-timeouts server; the file name puts it in that Playwright project).
// The waits are the shop's timeouts plus 2 s, as docs/audit.md tells an auditor to set them.

test("the session audit sees the shop's idle and absolute timeouts end sessions", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const config = JSON.parse(readFileSync("tools/session-audit/shop.config.json", "utf8")) as object;
  const file = path.join(mkdtempSync(path.join(tmpdir(), "session-audit-")), "timeouts.json");
  writeFileSync(
    file,
    JSON.stringify({
      ...config,
      timeouts: SHORT_TIMEOUT_WAITS,
    }),
  );
  const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["tools/session-audit/cli.ts", baseURL ?? "", "--config", file, "--only", "timeout", "--json"], {
    timeout: 100_000,
  });
  const report = JSON.parse(stdout) as AuditReport;
  expect(report.checks.map(({ id, status }) => ({ id, status }))).toEqual([
    { id: "timeout.idle", status: "PASS" },
    { id: "timeout.absolute", status: "PASS" },
  ]);
});
