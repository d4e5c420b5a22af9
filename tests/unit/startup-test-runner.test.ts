import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `npm test` in a clone where nobody ran `npm install` yet: the runner, copied into an
// empty folder, must say what to do instead of failing each step without a reason.
describe("npm test without npm install", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "shop-no-install-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("asks for `npm install`, exits non-zero and still ends with the summary line", () => {
    mkdirSync(path.join(dir, "scripts"));
    copyFileSync("scripts/test.mjs", path.join(dir, "scripts/test.mjs"));

    const run = spawnSync(process.execPath, ["scripts/test.mjs"], { cwd: dir, encoding: "utf8" });

    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Run `npm install` first");
    // No step was attempted: one message, not one failure per tool.
    expect(run.stdout).not.toContain("===");
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("0 passed, 1 failed, 0 skipped");
  });
});
