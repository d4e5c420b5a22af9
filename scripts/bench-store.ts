// The database side of `npm run bench` (items 4 and 5 of docs/performance.md), on a
// throwaway SQLite database: one session validation through lib/session against a raw
// prepared statement doing the same lookup, with 1,000 and with 1,000,000 session rows,
// and the purge of 1,000,000 expired rows. Prints one JSON object on stdout.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";

const dir = mkdtempSync(path.join(tmpdir(), "shop-bench-store-"));
const file = path.join(dir, "bench.db");
process.env.DATABASE_URL = `file:${file}`;
process.env.HOUSEKEEPING_INTERVAL_SECONDS = "0";
const migrate = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { encoding: "utf8" });
if (migrate.status !== 0) throw new Error(migrate.stderr);

// Imported after DATABASE_URL is set: lib/env reads it once, at import.
const { db } = await import("@/lib/db");
const store = await import("@/lib/session/store");
const { purgeExpired } = await import("@/lib/session/housekeeping");
const { hashSessionToken } = await import("@/lib/session/token");

const ITERATIONS = 5000;
// BENCH_ROWS: the large table's size (default 1,000,000; the purge of that many takes
// minutes, since every expired signed-in session is logged as it goes).
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const device = { ipAddress: "127.0.0.1", userAgent: "bench" };
// 1,000 live sessions, spread over 100 users: each user keeps at most SESSION_MAX_PER_USER.
const users = await Promise.all(Array.from({ length: 100 }, (_, i) => db.user.create({ data: { name: `Bench ${i}`, email: `bench${i}@example.test` } })));
const tokens: string[] = [];
for (const user of users) for (let i = 0; i < 10; i += 1) tokens.push((await store.createSession({ userId: user.id, device })).token);

async function microsPerOp(run: (i: number) => unknown): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i += 1) await run(i);
  return ((performance.now() - started) * 1000) / ITERATIONS;
}

// The median of five alternating rounds, after a warm-up long enough for V8 to compile
// both paths: a first round of a few thousand calls measures the compiler, not the code.
async function compare(own: (i: number) => unknown, raw: (i: number) => unknown): Promise<{ ownMicros: number; rawMicros: number }> {
  for (let i = 0; i < 3 * ITERATIONS; i += 1) {
    await own(i);
    await raw(i);
  }
  const rounds: { own: number[]; raw: number[] } = { own: [], raw: [] };
  for (let round = 0; round < 5; round += 1) {
    rounds.own.push(await microsPerOp(own));
    rounds.raw.push(await microsPerOp(raw));
  }
  const median = (list: number[]) => list.toSorted((a, b) => a - b)[2]!;
  return { ownMicros: median(rounds.own), rawMicros: median(rounds.raw) };
}

const own = (i: number) => store.validateSessionToken(tokens[(i * 7919) % tokens.length]);
const raw = new Database(file, { readonly: true });
const lookup = raw.prepare(
  `SELECT s.*, u.id AS uid, u.name, u.email, u.role, u."disabledAt" FROM "Session" s LEFT JOIN "User" u ON u.id = s."userId" WHERE s.id = ?`,
);
// The same work as the app's lookup: hash the token, read the row joined to its user.
const rawLookup = (i: number) => lookup.get(createHash("sha256").update(tokens[(i * 7919) % tokens.length]!).digest("hex"));

const { ownMicros, rawMicros } = await compare(own, rawLookup);

// ROWS - 1,000 more rows, copies of a live one with new ids, so the formats are the app's own.
const writer = new Database(file);
writer.pragma("journal_mode = WAL");
const template = hashSessionToken(tokens[0]!);
writer.exec(`
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS - 1000})
  INSERT INTO "Session" (id, "userId", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "ipAddress", "userAgent", "authenticatedAt", notice)
  SELECT lower(hex(randomblob(32))), "userId", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "ipAddress", "userAgent", "authenticatedAt", notice
  FROM n, (SELECT * FROM "Session" WHERE id = '${template}')`);
writer.exec(`ANALYZE`);
const { ownMicros: ownMicrosMillion, rawMicros: rawMicrosMillion } = await compare(own, rawLookup);

// Every row expired, as if the server had been off for a day: the purge's worst case.
const expired = await store.createSession({ userId: null, device, now: new Date(Date.now() - 2 * 86_400_000) });
writer.prepare(`UPDATE "Session" SET "idleExpiresAt" = (SELECT "idleExpiresAt" FROM "Session" WHERE id = ?)`).run(expired.session.id);
writer.close();
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const purgeStarted = performance.now();
const purged = await purgeExpired();
const purgeSeconds = (performance.now() - purgeStarted) / 1000;
clearInterval(sampler);

raw.close();
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ ownMicros, rawMicros, ownMicrosMillion, rawMicrosMillion, rows: ROWS, purgedSessions: purged.sessions, purgeSeconds, purgePeakRssMb: peakRss / 1_048_576 })}\n`,
);
