#!/usr/bin/env node
// Fails when the working tree has changes after `npm install`. Run it right after the
// install in CI: a fresh install must not rewrite package-lock.json (the lockfile in the
// repo has to be the one npm writes), nor leave generated files that .gitignore misses.
// Either would mean every contributor's first install produces a diff nobody made.
import { spawnSync } from "node:child_process";

const result = spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { encoding: "utf8" });
if (result.status !== 0) {
  console.error(`check-clean-install: \`git status\` failed: ${result.stderr || result.error?.message}`);
  process.exit(1);
}

const changes = result.stdout.trimEnd();
if (changes) {
  console.error("check-clean-install: the working tree changed after `npm install`:");
  console.error(changes.replace(/^/gm, "  "));
  console.error(
    "Commit the lockfile that a fresh install writes (rm -rf node_modules && npm install), " +
      "or add generated files to .gitignore.",
  );
  process.exit(1);
}
console.log("check-clean-install: the working tree is clean after npm install.");
