#!/usr/bin/env node
// Proves every lab of docs/workshop.md: in a scratch copy of the working tree, outside the
// checkout, each docs/labs/<n>.patch must apply, `npm run lab -- <n>` must then say
// `broken` (its guards fail), and the patch must come off again. A patch that no longer
// applies, or no longer turns its test red, fails. The checkout itself is never touched.
//   npm run check:labs               every lab
//   npm run check:labs -- 3 7        these labs
//   npm run check:labs -- --refresh  rewrites each patch against the committed code (see below)
// `npm test` runs it and counts each lab as one test (test-results/labs.json).
//
// --refresh is for after a change to the code a patch touches: in a scratch `git worktree`
// of HEAD, each patch is applied with `git apply --3way` (which merges it using the
// pre-image blobs named in its `index` lines when the context moved), and the result is
// written back as the new patch. A conflict is reported and that patch left as it was.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { labs } from "./lab/labs.mjs";
import { scratchCopy } from "./lib/scratch-copy.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const patchOf = (lab) => path.join(root, "docs/labs", `${lab.id}.patch`);
function git(args, cwd) {
  return spawnSync("git", args, { cwd, encoding: "utf8" });
}

function prove(lab, folder) {
  const patch = patchOf(lab);
  if (!existsSync(patch)) return { ok: false, why: `docs/labs/${lab.id}.patch is missing` };
  // Outside any repository, `git apply` works on plain files, like patch(1), but all or nothing.
  const applied = git(["apply", patch], folder);
  if (applied.status !== 0) return { ok: false, why: `the patch no longer applies: ${applied.stderr.trim()}` };
  try {
    const run = spawnSync(process.execPath, ["scripts/lab.mjs", String(lab.id)], { cwd: folder, encoding: "utf8" });
    const lastLine = run.stdout.trim().split("\n").at(-1);
    if (run.status === 1 && lastLine === "broken") return { ok: true };
    return { ok: false, why: `expected "broken" (exit 1), got "${lastLine}" (exit ${run.status}):\n${run.stdout}${run.stderr}` };
  } finally {
    const reverted = git(["apply", "-R", patch], folder);
    if (reverted.status !== 0) throw new Error(`lab ${lab.id}: the patch did not come off the scratch copy: ${reverted.stderr}`);
  }
}

function check(selected) {
  const folder = scratchCopy(root, tmpdir());
  const results = [];
  try {
    for (const lab of selected) {
      const started = Date.now();
      const result = prove(lab, folder);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(result.ok ? `ok    lab ${lab.id} (${lab.title}): broken by its patch, as it should be (${seconds} s)` : `FAIL  lab ${lab.id} (${lab.title}): ${result.why}`);
      results.push({ id: lab.id, title: lab.title, ok: result.ok, why: result.why ?? null });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const passed = results.filter((result) => result.ok).length;
  mkdirSync(path.join(root, "test-results"), { recursive: true });
  writeFileSync(path.join(root, "test-results/labs.json"), `${JSON.stringify({ passed, failed: results.length - passed, results }, null, 2)}\n`);
  console.log(`\n${passed} of ${results.length} labs proved.`);
  return passed === results.length;
}

function refresh(selected) {
  const folder = mkdtempSync(path.join(tmpdir(), "labs-refresh-"));
  const tree = path.join(folder, "tree");
  if (git(["worktree", "add", "--detach", tree, "HEAD"], root).status !== 0) throw new Error("git worktree add failed");
  let ok = true;
  try {
    for (const lab of selected) {
      const applied = git(["apply", "--3way", patchOf(lab)], tree);
      if (applied.status !== 0 || git(["diff", "--name-only", "--diff-filter=U"], tree).stdout.trim() !== "") {
        console.log(`CONFLICT  lab ${lab.id}: rewrite docs/labs/${lab.id}.patch by hand (the break, as docs/workshop.md describes it, then \`git diff\`).\n${applied.stderr}`);
        ok = false;
      } else {
        const fresh = git(["diff", "HEAD"], tree).stdout;
        const changed = fresh !== readFileSync(patchOf(lab), "utf8");
        if (changed) writeFileSync(patchOf(lab), fresh);
        console.log(`${changed ? "updated" : "same   "}   lab ${lab.id}`);
      }
      git(["reset", "--hard", "--quiet", "HEAD"], tree);
    }
  } finally {
    git(["worktree", "remove", "--force", tree], root);
    rmSync(folder, { recursive: true, force: true });
  }
  return ok;
}

const args = process.argv.slice(2);
const ids = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
const selected = ids.length > 0 ? labs.filter((lab) => ids.includes(lab.id)) : labs;
const ok = args.includes("--refresh") ? refresh(selected) : check(selected);
process.exit(ok ? 0 : 1);
