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

  it("enforces foreign keys: deleting a user deletes their sessions", async () => {
    const user = await createUser();
    await createSession({ userId: user.id, device: { ipAddress: null, userAgent: null } });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

    // A raw DELETE, so the cascade is the database's work, not Prisma's.
    await db.$executeRaw`DELETE FROM "User" WHERE id = ${user.id}`;
    expect(await db.session.count()).toBe(0);
  });
});
