// Runs the Vitest tests that guard one lab's control, on SQLite, and says which failed.
// One Vitest process for all of a lab's guards: the files they live in, filtered by their
// titles (`-t`), with the JSON reporter's answer read back. A guard that did not run at
// all (renamed, moved) is an error of the lab's definition, never "intact".
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Vitest's `it.each` titles hold printf placeholders (%s, %j, ...); they match any text. */
function titlePattern(title) {
  return title
    .split(/%[sdifjo#%]/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".+");
}

/**
 * @param {import("./labs.mjs").Lab} lab
 * @param {{ root: string }} options the project folder to run in
 * @returns {{ state: "intact" | "broken" | "error", failed: { title: string, message: string }[], message?: string }}
 */
export function runGuards(lab, { root }) {
  const patterns = lab.tests.map((test) => titlePattern(test.title));
  const files = [...new Set(lab.tests.map((test) => test.file))];
  const folder = mkdtempSync(path.join(tmpdir(), "lab-"));
  const report = path.join(folder, "vitest.json");
  try {
    const run = spawnSync(
      process.execPath,
      [path.join(root, "node_modules/vitest/vitest.mjs"), "run", ...files, "-t", patterns.join("|"), "--reporter=json", `--outputFile=${report}`],
      { cwd: root, env: { ...process.env, TEST_DATABASES: "sqlite", NEXT_TELEMETRY_DISABLED: "1" }, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    let results;
    try {
      results = JSON.parse(readFileSync(report, "utf8"));
    } catch {
      return { state: "error", failed: [], message: `Vitest did not finish (exit ${run.status ?? run.signal}):\n${run.stderr.slice(-2000)}` };
    }
    // A file that does not compile or load runs none of its tests: the control is not
    // intact, and the participant should see why.
    const broken = results.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0);
    if (broken.length > 0) {
      return { state: "broken", failed: broken.map((file) => ({ title: path.relative(root, file.name), message: firstLine(file.message) })) };
    }
    const ran = results.testResults.flatMap((file) => file.assertionResults).filter((test) => test.status === "passed" || test.status === "failed");
    const missing = patterns.filter((pattern) => !ran.some((test) => new RegExp(`^${pattern}$`).test(test.title)));
    if (missing.length > 0) {
      return { state: "error", failed: [], message: `These guards of lab ${lab.id} did not run (renamed or moved?):\n  ${missing.join("\n  ")}` };
    }
    const failed = ran.filter((test) => test.status === "failed").map((test) => ({ title: [...test.ancestorTitles, test.title].join(" › "), message: firstLine(test.failureMessages[0]) }));
    return { state: failed.length > 0 ? "broken" : "intact", failed };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function firstLine(text = "") {
  return text.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
}
