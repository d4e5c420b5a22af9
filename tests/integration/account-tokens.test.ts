import { beforeEach, describe, expect, it } from "vitest";
import { consumeAccountToken, deleteAccountTokens, findAccountToken, issueAccountToken } from "@/lib/auth/account-tokens";
import { db } from "@/lib/db";
import { hashSessionToken } from "@/lib/session/token";
import { createUser, databaseBytes, resetDatabase } from "./helpers/db";

// The single-use links the shop mails: 256 random bits in the link, only their hash at
// rest, one live link per user and purpose, used up by a delete that only one request
// can win.

const HOUR = 3_600_000;
const now = new Date("2030-05-01T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const device = { ipAddress: "203.0.113.30", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };

beforeEach(resetDatabase);

function consume(token: unknown, purpose: "PASSWORD_RESET" | "EMAIL_CHANGE", when = now) {
  return db.$transaction((tx) => consumeAccountToken(tx, token, purpose, when));
}

describe("issuing a link", () => {
  it("stores only the SHA-256 of the token, with its purpose, address and expiry", async () => {
    const user = await createUser();
    const token = await issueAccountToken({ userId: user.id, purpose: "EMAIL_CHANGE", email: "new@example.test", ttlMs: HOUR, device, now });

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db.accountToken.findMany();
    expect(rows).toEqual([
      { id: hashSessionToken(token), userId: user.id, purpose: "EMAIL_CHANGE", email: "new@example.test", createdAt: now, expiresAt: at(HOUR) },
    ]);
    // Not in any page of the database file either, the write-ahead log included.
    const bytes = await databaseBytes();
    expect(bytes.includes(Buffer.from(token))).toBe(false);
    expect(bytes.includes(Buffer.from(hashSessionToken(token)))).toBe(true);
  });

  it("gives a reset link no address, and a new token every time", async () => {
    const user = await createUser();
    const first = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    const second = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    expect(second).not.toBe(first);
    expect(await db.accountToken.findMany({ select: { id: true, email: true } })).toEqual([{ id: hashSessionToken(second), email: null }]);
  });

  it("replaces the user's previous link of the same purpose, and only that one", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const old = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    const email = await issueAccountToken({ userId: user.id, purpose: "EMAIL_CHANGE", email: "n@example.test", ttlMs: HOUR, device, now });
    const others = await issueAccountToken({ userId: other.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });

    const newer = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });

    expect(await findAccountToken(old, "PASSWORD_RESET", now)).toBeNull();
    expect(await findAccountToken(newer, "PASSWORD_RESET", now)).not.toBeNull();
    expect(await findAccountToken(email, "EMAIL_CHANGE", now)).not.toBeNull();
    expect(await findAccountToken(others, "PASSWORD_RESET", now)).not.toBeNull();
  });

  it("uses the current time when none is given", async () => {
    const user = await createUser();
    const before = Date.now();
    const token = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device });
    const row = await db.accountToken.findUniqueOrThrow({ where: { id: hashSessionToken(token) } });
    expect(row.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(HOUR);
    // Live now, without a time passed in.
    expect(await findAccountToken(token, "PASSWORD_RESET")).not.toBeNull();
  });
});

describe("looking a link up", () => {
  it("works until just before the expiry and not at it", async () => {
    const user = await createUser();
    const token = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    expect(await findAccountToken(token, "PASSWORD_RESET", at(HOUR - 1))).toMatchObject({ userId: user.id });
    expect(await findAccountToken(token, "PASSWORD_RESET", at(HOUR))).toBeNull();
    expect(await consume(token, "PASSWORD_RESET", at(HOUR))).toBeNull();
    expect(await consume(token, "PASSWORD_RESET", at(HOUR - 1))).toMatchObject({ userId: user.id });
  });

  it("never takes a link for the other purpose", async () => {
    const user = await createUser();
    const reset = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    expect(await findAccountToken(reset, "EMAIL_CHANGE", now)).toBeNull();
    expect(await consume(reset, "EMAIL_CHANGE")).toBeNull();
    // Refused, and not used up by the refusal.
    expect(await findAccountToken(reset, "PASSWORD_RESET", now)).not.toBeNull();
  });

  it.each([
    ["unknown", "A".repeat(43)],
    ["too short", "abc"],
    ["too long", "A".repeat(44)],
    ["not base64url", `${"A".repeat(42)}=`],
    ["the stored hash itself", "HASH"],
    ["empty", ""],
    ["not a string", 42],
    ["missing", undefined],
    ["an array", ["A".repeat(43)]],
  ])("refuses a token that is %s", async (_name, value) => {
    const user = await createUser();
    const token = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    const candidate = value === "HASH" ? hashSessionToken(token) : value;
    expect(await findAccountToken(candidate, "PASSWORD_RESET", now)).toBeNull();
    expect(await consume(candidate, "PASSWORD_RESET")).toBeNull();
    expect(await db.accountToken.count()).toBe(1);
  });
});

describe("using a link up", () => {
  it("returns the row once, then never again", async () => {
    const user = await createUser();
    const token = await issueAccountToken({ userId: user.id, purpose: "EMAIL_CHANGE", email: "n@example.test", ttlMs: HOUR, device, now });
    expect(await consume(token, "EMAIL_CHANGE")).toMatchObject({ userId: user.id, email: "n@example.test", purpose: "EMAIL_CHANGE" });
    expect(await consume(token, "EMAIL_CHANGE")).toBeNull();
    expect(await db.accountToken.count()).toBe(0);
  });

  it("lets only one of two simultaneous requests have it", async () => {
    const user = await createUser();
    const token = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    const results = await Promise.all([consume(token, "PASSWORD_RESET"), consume(token, "PASSWORD_RESET")]);
    expect(results.filter((row) => row !== null)).toHaveLength(1);
  });

  it("is undone when the caller's transaction fails", async () => {
    const user = await createUser();
    const token = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    await expect(
      db.$transaction(async (tx) => {
        expect(await consumeAccountToken(tx, token, "PASSWORD_RESET", now)).not.toBeNull();
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await findAccountToken(token, "PASSWORD_RESET", now)).not.toBeNull();
  });

  it("counts as used when the row is gone by the time of the delete", async () => {
    // The delete decides, not the read before it: a row another request deleted between
    // the two is not handed out twice.
    const user = await createUser();
    const token = await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    const result = await db.$transaction(async (tx) => {
      const original = tx.accountToken.deleteMany.bind(tx.accountToken);
      let first = true;
      // Wrap the real delete (a spy, not a stand-in): a concurrent request wins the race just before ours.
      tx.accountToken.deleteMany = (async (args: Parameters<typeof original>[0]) => {
        if (first) {
          first = false;
          await original(args);
        }
        return original(args);
      }) as typeof original;
      return consumeAccountToken(tx, token, "PASSWORD_RESET", now);
    });
    expect(result).toBeNull();
  });
});

describe("deleting a user's links", () => {
  it("deletes the given purpose only, or every purpose when none is given, and never another user's", async () => {
    const [user, other] = [await createUser(), await createUser()];
    const issue = (userId: string, purpose: "PASSWORD_RESET" | "EMAIL_CHANGE") => issueAccountToken({ userId, purpose, ttlMs: HOUR, device, now });
    await issue(user.id, "PASSWORD_RESET");
    await issue(user.id, "EMAIL_CHANGE");
    await issue(other.id, "PASSWORD_RESET");
    await issue(other.id, "EMAIL_CHANGE");

    await db.$transaction((tx) => deleteAccountTokens(tx, user.id, "PASSWORD_RESET"));
    expect(await db.accountToken.findMany({ where: { userId: user.id }, select: { purpose: true } })).toEqual([{ purpose: "EMAIL_CHANGE" }]);

    await issue(user.id, "PASSWORD_RESET");
    await db.$transaction((tx) => deleteAccountTokens(tx, user.id));
    expect(await db.accountToken.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.accountToken.count({ where: { userId: other.id } })).toBe(2);
  });

  it("go with the user", async () => {
    const user = await createUser();
    await issueAccountToken({ userId: user.id, purpose: "PASSWORD_RESET", ttlMs: HOUR, device, now });
    await db.user.delete({ where: { id: user.id } });
    expect(await db.accountToken.count()).toBe(0);
  });
});
