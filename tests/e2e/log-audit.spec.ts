import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, SECRETS_FILE, test } from "./fixtures";

// Runs last (project "log-audit", which depends on every other project). Every e2e server
// wrote its whole output to <data folder>/server.log (scripts/e2e-server.mjs); every test
// recorded the session, device and pending sign-in cookies its browsers held and the
// tokens of the links it read (tests/e2e/fixtures.ts, tests/e2e/mail.ts). No log may hold
// any of them: a token in a log is a live session for whoever reads the logs. A failure
// names the log and how many secrets it holds, never a secret.

const TMP = path.resolve(".tmp");
// One data folder per e2e server: .tmp/e2e, .tmp/e2e-short-timeouts, .tmp/e2e-outage, ...
const serverLogs = () =>
  readdirSync(TMP)
    .filter((name) => name.startsWith("e2e") && existsSync(path.join(TMP, name, "server.log")))
    .map((name) => path.join(TMP, name, "server.log"));

test("no server log of the run holds a token or cookie value a browser held", () => {
  const secrets = new Set(readFileSync(SECRETS_FILE, "utf8").split("\n").filter(Boolean));
  // The audit must have had something to look for: the run signed people in.
  expect(secrets.size, "secrets recorded by the run").toBeGreaterThan(0);
  const logs = serverLogs();
  expect(logs.length, "server logs written by the run").toBeGreaterThanOrEqual(4);

  const leaks = logs.flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const found = [...secrets].filter((secret) => text.includes(secret)).length;
    return found === 0 ? [] : [`${path.relative(process.cwd(), file)} holds ${found} of the ${secrets.size} secrets`];
  });
  expect(leaks, "logs that hold a secret").toEqual([]);
});

test("every spec records its secrets: each imports test from ./fixtures, not from @playwright/test", () => {
  const specs = readdirSync(import.meta.dirname).filter((name) => name.endsWith(".spec.ts"));
  const bypassing = specs.filter((name) => /from "@playwright\/test"/.test(readFileSync(path.join(import.meta.dirname, name), "utf8")));
  expect(bypassing).toEqual([]);
});
