// Measures what the session layer costs per request on the embedded SQLite database:
//   npm run bench:session            (prints figures; asserts nothing)
// It migrates a throwaway database with the real CLI, then times the lib/session calls
// that proxy.ts and the pages make.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const dir = mkdtempSync(path.join(tmpdir(), "shop-bench-"));
process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
const migrate = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { encoding: "utf8" });
if (migrate.status !== 0) throw new Error(migrate.stderr);

// Imported after DATABASE_URL is set: lib/env reads it once, at import.
const { db } = await import("@/lib/db");
const store = await import("@/lib/session/store");

const device = { ipAddress: "127.0.0.1", userAgent: "bench" };
const user = await db.user.create({ data: { name: "Bench", email: "bench@example.test" } });

async function measure(label: string, iterations: number, run: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(200, iterations); i += 1) await run(i); // warm-up
  const started = performance.now();
  for (let i = 0; i < iterations; i += 1) await run(i);
  const elapsed = performance.now() - started;
  const micros = (elapsed * 1000) / iterations;
  console.log(`${label.padEnd(44)} ${micros.toFixed(1).padStart(8)} µs/op ${Math.round(iterations / (elapsed / 1000)).toString().padStart(8)} op/s`);
}

const sessions = await Promise.all(
  Array.from({ length: 1000 }, () => store.createSession({ userId: user.id, device })),
);
const tokens = sessions.map((s) => s.token);

console.log(`Session store on SQLite, ${tokens.length} live sessions, policy ${JSON.stringify(store.sessionPolicy)}`);
await measure("validate (hit, no renewal due)", 5000, (i) => store.validateSessionToken(tokens[i % tokens.length]));
await measure("validate (unknown well-formed token)", 5000, () => store.validateSessionToken("A".repeat(43)));
await measure("validate (garbage cookie, no database)", 50000, () => store.validateSessionToken("garbage"));
const later = new Date(Date.now() + store.sessionPolicy.renewalIntervalMs + 1000);
await measure("validate (renewal due: one write)", 1000, (i) => store.validateSessionToken(tokens[i], later));
await measure("create session", 1000, () => store.createSession({ userId: user.id, device }));
await measure("rotate session (sign-in)", 1000, (i) =>
  store.rotateSession({ previousToken: tokens[i], userId: user.id, device }),
);

await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
