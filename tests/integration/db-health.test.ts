import { sqliteFilePath } from "@/lib/sqlite-file.mjs";
import { mkdirSync, mkdtempSync, renameSync, copyFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The real client against a real SQLite file that is not there yet, then is. Nothing is
// mocked: "down" is a folder that does not exist, "back" is a migrated copy moved in.

// tests/setup/database.ts has made a migrated private copy; keep it aside and point the
// app at a folder that does not exist before lib/env reads DATABASE_URL.
const migrated = sqliteFilePath(process.env.DATABASE_URL)!;
const root = mkdtempSync(path.join(tmpdir(), "shop-health-"));
const folder = path.join(root, "missing");
const file = path.join(folder, "shop.db");
process.env.DATABASE_URL = `file:${file}`;

const { checkDatabase, db } = await import("@/lib/db");
const { PROBE_INTERVAL_MS, noteDatabaseError, unavailableReason } = await import("@/lib/db-health");

afterAll(() => db.$disconnect());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("database health", () => {
  it("reports a missing database as unavailable, with a reason that names no path", async () => {
    const status = await checkDatabase();
    expect(status).toEqual({ ok: false, reason: "database cannot be opened" });
    // A query fails the same way, and creates no empty database file on the way.
    const failure = await db.product.count().catch((error: unknown) => error);
    expect(unavailableReason(failure)).toBe("database cannot be opened");
    expect(existsSync(folder)).toBe(false);
  });

  it("does not create the file when only the file is missing", async () => {
    mkdirSync(folder);
    expect(await checkDatabase({ recheck: true })).toMatchObject({ ok: false });
    expect(existsSync(file)).toBe(false);
  });

  it("probes at most once per interval while down, then recovers by itself", async () => {
    await checkDatabase({ recheck: true });
    // Put a migrated database in place (a rename, so no reader sees a half-copied file).
    const staged = path.join(root, "staged.db");
    copyFileSync(migrated, staged);
    renameSync(staged, file);

    // Within the interval the last answer stands: no probe, so still down.
    expect(await checkDatabase()).toMatchObject({ ok: false });
    await sleep(PROBE_INTERVAL_MS + 50);
    expect(await checkDatabase()).toEqual({ ok: true });
    expect(await db.product.count()).toBeGreaterThanOrEqual(0);
  });

  it("is not tripped by errors that are the request's fault", async () => {
    await db.user.create({ data: { name: "Dup", email: "dup@example.test" } });
    const duplicate = await db.user.create({ data: { name: "Dup", email: "dup@example.test" } }).catch((error: unknown) => error);
    expect(unavailableReason(duplicate)).toBeNull();
    noteDatabaseError(duplicate);
    noteDatabaseError(new Error("Not a product slug."));
    expect(await checkDatabase()).toEqual({ ok: true });
  });
});
