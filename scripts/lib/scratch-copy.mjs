// A copy of the working tree (committed or not, ignored files left out) in a new folder,
// for checks that break the code on purpose and must never touch the checkout: the
// workshop's labs (scripts/check-labs.mjs) and the session audit against a broken shop
// (scripts/check-audit-labs.ts).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";

// Git-ignored but needed to run the code: the dependencies and the generated Prisma clients.
const DEPENDENCIES = ["node_modules", "lib/generated"];

/**
 * Copies the tree at `root` into a new folder under `parent`. `dependencies`: "symlink"
 * links the dependencies (enough for Vitest); "hardlink" gives the copy hard links of
 * every file, for `next build`, whose bundler refuses a node_modules that links out of
 * the project (a plain copy where `parent` is on another file system).
 */
export function scratchCopy(root, parent, { dependencies = "symlink" } = {}) {
  const folder = mkdtempSync(path.join(parent, "scratch-"));
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    if (!existsSync(path.join(root, file))) continue; // deleted but not yet committed
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(folder, file));
  }
  for (const dependency of DEPENDENCIES) {
    if (dependencies === "symlink") symlinkSync(path.join(root, dependency), path.join(folder, dependency));
    else {
      // Another file system cannot hold hard links: copy instead (slower, same result).
      const from = path.join(root, dependency);
      const to = path.join(folder, dependency);
      if (spawnSync("cp", ["-al", from, to]).status !== 0) {
        rmSync(to, { recursive: true, force: true });
        cpSync(from, to, { recursive: true, verbatimSymlinks: true });
      }
    }
  }
  return folder;
}
