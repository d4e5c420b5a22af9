#!/usr/bin/env node
// `npm run lab`: the workshop's referee for the labs in docs/workshop.md.
//   npm run lab -- <n>          runs the tests that guard lab n's control; prints `intact`
//                               (exit 0) or `broken` (exit 1) on its last line
//   npm run lab -- <n> --hint   the next of three hints for lab n, each more precise
//   npm run lab -- reset        stashes your changes (git stash) and resets the workshop database
//   npm run lab                 your progress: a lab is done once you saw it broken, then intact again
// Progress and hints shown are kept in data/workshop/progress.json (git-ignored).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runGuards } from "./lab/guards.mjs";
import { findLab, labs } from "./lab/labs.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const progressFile = path.join(root, "data/workshop/progress.json");

function readProgress() {
  try {
    return JSON.parse(readFileSync(progressFile, "utf8"));
  } catch {
    return {};
  }
}

function saveProgress(progress) {
  mkdirSync(path.dirname(progressFile), { recursive: true, mode: 0o700 });
  writeFileSync(progressFile, `${JSON.stringify(progress, null, 2)}\n`);
}

function updateLab(id, change) {
  const progress = readProgress();
  const entry = { hints: 0, sawBroken: false, done: false, ...progress[id] };
  progress[id] = { ...entry, ...change(entry) };
  saveProgress(progress);
  return progress[id];
}

function check(lab) {
  console.log(`Lab ${lab.id}: ${lab.title}. Running ${lab.tests.length === 1 ? "the test" : `the ${lab.tests.length} tests`} that guard it...`);
  const result = runGuards(lab, { root });
  if (result.state === "error") {
    console.error(result.message);
    process.exit(2);
  }
  if (result.state === "broken") {
    for (const { title, message } of result.failed) {
      console.log(`control broken: the test \`${title}\` fails as expected`);
      if (message) console.log(`  ${message}`);
    }
    updateLab(lab.id, () => ({ sawBroken: true }));
    if (lab.attacker) console.log(`See it from the attacker's side: the attacker site's ${lab.attacker} page.`);
    console.log("broken");
    process.exit(1);
  }
  const entry = updateLab(lab.id, (previous) => ({ done: previous.done || previous.sawBroken }));
  console.log(`control intact: ${lab.tests.map((test) => `\`${test.title}\``).join(", ")} ${lab.tests.length === 1 ? "passes" : "pass"}.`);
  if (entry.done) console.log(`Lab ${lab.id} done: you broke the control, the test caught it, and you put it back.`);
  else console.log(`Next: break it as docs/workshop.md, lab ${lab.id}, describes, then run \`npm run lab -- ${lab.id}\` again.`);
  console.log("intact");
}

function hint(lab) {
  const entry = updateLab(lab.id, (previous) => ({ hints: Math.min(previous.hints + 1, lab.hints.length) }));
  lab.hints.slice(0, entry.hints).forEach((text, index) => console.log(`Hint ${index + 1} of ${lab.hints.length}: ${text}`));
  if (entry.hints === lab.hints.length) console.log("That was the last hint; docs/workshop.md has the whole lab.");
}

function reset() {
  const changes = spawnSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" });
  if (changes.status !== 0) {
    console.error("git status failed; is this a git checkout?");
    process.exit(1);
  }
  if (changes.stdout.trim() === "") {
    console.log("No changes to put away: the code is as committed.");
  } else {
    const label = `lab reset ${new Date().toISOString()}`;
    const stash = spawnSync("git", ["stash", "push", "--include-untracked", "-m", label], { cwd: root, stdio: "inherit" });
    if (stash.status !== 0) process.exit(1);
    console.log(`Your changes are saved as the stash "${label}": \`git stash list\` shows it, \`git stash pop\` brings them back.`);
  }
  // Imported here: it loads .env and Prisma's setup, which the other commands do not need.
  import("./workshop/database.mjs").then(({ resetWorkshopDatabase }) => {
    resetWorkshopDatabase();
    console.log("The workshop database is back to the seed: everyone is signed out; the demo accounts and the catalog are as new.");
  });
}

function showProgress() {
  const progress = readProgress();
  const done = labs.filter((lab) => progress[lab.id]?.done).length;
  console.log(`Labs done: ${done} of ${labs.length}\n`);
  for (const lab of labs) {
    const entry = progress[lab.id];
    const state = entry?.done ? "done" : entry?.sawBroken ? "broken, not yet put back" : "not started";
    const hints = entry?.hints ? `, ${entry.hints} hint${entry.hints === 1 ? "" : "s"}` : "";
    console.log(`${String(lab.id).padStart(3)}. ${lab.title.padEnd(52)} ${state}${hints}`);
  }
  console.log("\n`npm run lab -- <n>` checks lab n; `--hint` gives a hint; `npm run lab -- reset` starts over clean.");
}

const [command, flag] = process.argv.slice(2);
if (command === undefined) {
  showProgress();
} else if (command === "reset") {
  reset();
} else {
  const lab = findLab(command);
  if (!lab) {
    console.error(`No lab "${command}". Labs: ${labs.map((l) => l.id).join(", ")}; or "reset", or nothing for your progress.`);
    process.exit(2);
  }
  if (flag === "--hint") hint(lab);
  else if (flag === undefined) check(lab);
  else {
    console.error(`Unknown option "${flag}". Usage: npm run lab -- <n> [--hint]`);
    process.exit(2);
  }
}
