import { beforeEach, describe, expect, it } from "vitest";
import { db, provider } from "@/lib/db";
import { createSession } from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";

beforeEach(resetDatabase);

describe("the database connection", () => {
  it.runIf(provider === "sqlite")("runs SQLite in write-ahead-log mode, so a write does not block readers", async () => {
    const [row] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(row?.journal_mode).toBe("wal");
  });

  // On SQLite, Prisma's adapter has one connection: without lib/sqlite-gate.ts a query from
  // elsewhere, made while a transaction is open, runs inside it (lib/sqlite-gate.ts).
  it("keeps a write made outside a transaction when a transaction open at that moment rolls back", async () => {
    const user = await createUser({ email: "kept@example.test" });
    const inside = db.$transaction(async (tx) => {
      await tx.user.create({ data: { email: "rolled-back@example.test", name: "Rolled back", passwordHash: "x" } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error("roll back");
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Another request's write while that transaction is open. updateMany is one statement,
    // which Prisma sends without a transaction of its own; `then` sends it now (a Prisma
    // query is lazy until then).
    const outside = db.user.updateMany({ where: { id: user.id }, data: { name: "Renamed" } }).then((result) => result);
    await expect(inside).rejects.toThrow("roll back");
    expect((await outside).count).toBe(1);
    expect(await db.user.findMany({ select: { email: true, name: true } })).toEqual([{ email: "kept@example.test", name: "Renamed" }]);
  });

  it("shows a query outside a transaction none of the rows that transaction has not committed", async () => {
    let seenDuring: number | undefined;
    let look: Promise<number> | undefined;
    await db.$transaction(async (tx) => {
      await tx.user.create({ data: { email: "uncommitted@example.test", name: "Uncommitted", passwordHash: "x" } });
      look = db.user.count().then((count) => (seenDuring = count));
      await new Promise((resolve) => setTimeout(resolve, 30));
      // SQLite: the count waits for the commit; PostgreSQL: it ran on another connection.
      expect(seenDuring ?? 0).toBe(0);
    });
    expect(await look).toBeGreaterThanOrEqual(0);
  });

  it("enforces foreign keys: deleting a user deletes their sessions", async () => {
    const user = await createUser();
    await createSession({ userId: user.id, device: { ipAddress: null, userAgent: null } });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

    // A raw DELETE, so the cascade is the database's work, not Prisma's.
    await db.$executeRaw`DELETE FROM "User" WHERE id = ${user.id}`;
    expect(await db.session.count()).toBe(0);
  });
});
