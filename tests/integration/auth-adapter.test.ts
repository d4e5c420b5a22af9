import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { sessionAdapter } from "@/lib/session/auth-adapter";
import { createSession, revokeUserSession, sessionPolicy } from "@/lib/session/store";
import { generateSessionToken, hashSessionToken } from "@/lib/session/token";
import { createUser, resetDatabase } from "./helpers/db";
import { newRequest } from "./helpers/request";

// Auth.js sees the session store only through this adapter, so auth() and
// /api/auth/session must give the same answers as lib/session: same users, same timeouts,
// same revocations.

const device = { ipAddress: null, userAgent: null };
const adapter = sessionAdapter as Required<typeof sessionAdapter>;

// The adapter runs inside Auth.js's route handler, whose request it reads for the browser check.
vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

beforeEach(async () => {
  newRequest();
  await resetDatabase();
});

describe("the Auth.js adapter", () => {
  it("returns the signed-in user for a session that lib/session created", async () => {
    const user = await createUser();
    const { token, session } = await createSession({ userId: user.id, device });
    const result = await adapter.getSessionAndUser(token);
    expect(result?.user).toMatchObject({ id: user.id, email: user.email, name: user.name });
    expect(result?.session).toEqual({ sessionToken: token, userId: user.id, expires: session.idleExpiresAt });
  });

  it("sees nobody signed in for a guest session, a revoked one or garbage", async () => {
    const guest = await createSession({ userId: null, device });
    expect(await adapter.getSessionAndUser(guest.token)).toBeNull();

    const user = await createUser();
    const revoked = await createSession({ userId: user.id, device });
    await revokeUserSession(user.id, revoked.session.id, { reason: "user", device });
    expect(await adapter.getSessionAndUser(revoked.token)).toBeNull();

    expect(await adapter.getSessionAndUser("garbage")).toBeNull();
  });

  it("revokes a session presented by another browser than the one it was created in, as every page does", async () => {
    const user = await createUser();
    const chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const { token, session } = await createSession({ userId: user.id, device: { ipAddress: null, userAgent: chrome } });
    newRequest({ "user-agent": chrome.replace("Chrome/131", "Chrome/132") });
    expect((await adapter.getSessionAndUser(token))?.user.id).toBe(user.id);

    newRequest({ "user-agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0" });
    expect(await adapter.getSessionAndUser(token)).toBeNull();
    expect(await db.session.count({ where: { id: session.id } })).toBe(0);
  });

  it("stores sessions Auth.js creates (future providers) hashed, under the same policy", async () => {
    const user = await createUser();
    const token = generateSessionToken();
    const before = Date.now();
    await adapter.createSession({ sessionToken: token, userId: user.id, expires: new Date(8.64e15) });

    const row = await db.session.findUniqueOrThrow({ where: { id: hashSessionToken(token) } });
    // Auth.js's proposed expiry is ignored: the absolute timeout is ours.
    expect(row.absoluteExpiresAt.getTime() - before).toBeLessThanOrEqual(sessionPolicy.absoluteTimeoutMs + 1000);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("refuses to store a token it did not mint", async () => {
    const user = await createUser();
    await expect(
      adapter.createSession({ sessionToken: "attacker-chosen", userId: user.id, expires: new Date() }),
    ).rejects.toThrow();
  });

  it("signs out through lib/session", async () => {
    const user = await createUser();
    const { token } = await createSession({ userId: user.id, device });
    await adapter.deleteSession(token);
    expect(await adapter.getSessionAndUser(token)).toBeNull();
  });

  it("reports the earlier of the two timeouts as the session's end", async () => {
    const user = await createUser();
    const { token, session } = await createSession({ userId: user.id, device });
    // A row whose idle expiry lies beyond its absolute one ends at the absolute one.
    const absolute = new Date(session.createdAt.getTime() + 60_000);
    await db.session.update({ where: { id: session.id }, data: { idleExpiresAt: new Date(absolute.getTime() + 60_000), absoluteExpiresAt: absolute } });
    expect((await adapter.getSessionAndUser(token))?.session.expires).toEqual(absolute);
  });

  it("answers a session Auth.js creates with its token, user and end", async () => {
    const user = await createUser();
    const token = generateSessionToken();
    const created = await adapter.createSession({ sessionToken: token, userId: user.id, expires: new Date(8.64e15) });
    const row = await db.session.findUniqueOrThrow({ where: { id: hashSessionToken(token) } });
    expect(created).toEqual({ sessionToken: token, userId: user.id, expires: row.idleExpiresAt });
    expect(row).toMatchObject({ userId: user.id, ipAddress: null, userAgent: null });
  });

  it("leaves renewal to lib/session", async () => {
    expect(await adapter.updateSession({ sessionToken: generateSessionToken() })).toBeNull();
  });
});

// Auth.js refuses to start the database strategy without these; providers it runs itself
// (email links, OAuth) use them to find and create users. They never touch sessions.
describe("the Auth.js adapter's user methods", () => {
  it("creates a user, naming them from the email when the provider gives no name", async () => {
    const named = await adapter.createUser({ id: "ignored", email: "ada@example.test", name: "Ada", emailVerified: null });
    const unnamed = await adapter.createUser({ id: "ignored", email: "grace@example.test", emailVerified: new Date("2030-01-01T00:00:00Z") });
    expect(named).toMatchObject({ email: "ada@example.test", name: "Ada", emailVerified: null, image: null });
    expect(unnamed).toMatchObject({ email: "grace@example.test", name: "grace", emailVerified: new Date("2030-01-01T00:00:00Z") });
    expect(named.id).not.toBe("ignored");
    expect(await adapter.createUser({ id: "x", email: "@example.test", emailVerified: null })).toMatchObject({ name: "Customer" });
    expect((await db.user.findUniqueOrThrow({ where: { id: named.id } })).role).toBe("CUSTOMER");
  });

  it("finds users by id and by email (case-insensitively), and answers null for strangers", async () => {
    const user = await createUser({ email: "ada@example.test" });
    expect(await adapter.getUser(user.id)).toMatchObject({ id: user.id, email: "ada@example.test" });
    expect(await adapter.getUser("nobody")).toBeNull();
    expect(await adapter.getUserByEmail("ADA@Example.test")).toMatchObject({ id: user.id });
    expect(await adapter.getUserByEmail("other@example.test")).toBeNull();
  });

  it("links a provider account to a user and finds the user by it", async () => {
    const user = await createUser();
    await adapter.linkAccount({
      userId: user.id,
      type: "oauth",
      provider: "example",
      providerAccountId: "42",
      access_token: "at",
      refresh_token: "rt",
      expires_at: 1_900_000_000,
      token_type: "bearer",
      scope: "openid",
      id_token: "it",
      session_state: { not: "a string" } as unknown as string,
    });
    expect(await adapter.getUserByAccount({ provider: "example", providerAccountId: "42" })).toMatchObject({ id: user.id });
    expect(await adapter.getUserByAccount({ provider: "example", providerAccountId: "43" })).toBeNull();
    expect(await db.account.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      access_token: "at", refresh_token: "rt", expires_at: 1_900_000_000, token_type: "bearer", scope: "openid", id_token: "it", session_state: null,
    });
    await adapter.linkAccount({ userId: user.id, type: "oauth", provider: "other", providerAccountId: "1", session_state: "s1" });
    expect((await db.account.findFirstOrThrow({ where: { provider: "other" } })).session_state).toBe("s1");
  });

  it("updates a user's profile, keeping the name when none is given", async () => {
    const user = await createUser({ name: "Ada" });
    const updated = await adapter.updateUser({ id: user.id, name: null, email: "new@example.test", image: "/a.png" });
    expect(updated).toMatchObject({ id: user.id, name: "Ada", email: "new@example.test", image: "/a.png" });
    const other = await createUser({ name: "Bob" });
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id } })).name).toBe("Bob");
  });
});
