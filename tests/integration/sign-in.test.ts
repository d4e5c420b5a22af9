import bcrypt from "bcrypt";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { authenticate, registerUser } from "@/lib/auth/accounts";
import type * as PasswordModule from "@/lib/auth/password";
import { getDummyHash, hashPassword, verifyPassword } from "@/lib/auth/password";
import { startUserSession } from "@/lib/auth/sign-in";
import { env } from "@/lib/env";
import { addToCart, getCart } from "@/lib/shop/cart";
import { clearSessionNotice, createSession, setSessionNotice, validateSessionToken } from "@/lib/session/store";
import { createUser, resetDatabase, seedProduct } from "./helpers/db";
import { withTrigger } from "./helpers/triggers";

// Signing in, as lib/auth does it: the password check, registration, and the start of the
// signed-in session. The server actions only add form handling and the cookie.

// The real bcrypt comparison, watched: it runs on a hashing thread (lib/auth/password.ts),
// where a spy on the bcrypt package could not see it.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof PasswordModule>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const device = { ipAddress: "203.0.113.50", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const PASSWORD = "correct horse battery";

beforeEach(resetDatabase);

function setSessionNoticeForTest(sessionId: string, notice: string): Promise<void> {
  return db.$transaction((tx) => setSessionNotice(tx, sessionId, notice));
}
afterEach(() => vi.restoreAllMocks());
beforeEach(() => {
  vi.mocked(verifyPassword).mockClear();
});

describe("starting a signed-in session", () => {
  it("never adopts the browser's token: a planted guest token dies, the user gets a new one", async () => {
    const user = await createUser();
    const planted = await createSession({ userId: null, device });

    const signedIn = await startUserSession(user, { previousToken: planted.token, device });

    expect(signedIn.token).not.toBe(planted.token);
    expect(signedIn.session.id).not.toBe(planted.session.id);
    expect(await validateSessionToken(planted.token)).toEqual({ session: null, user: null });
    expect(await validateSessionToken(signedIn.token)).toMatchObject({ user, session: { id: signedIn.session.id, ...device } });
  });

  it("also replaces a token that names another user's signed-in session", async () => {
    const [victim, attacker] = [await createUser(), await createUser()];
    const attackers = await createSession({ userId: attacker.id, device });
    const signedIn = await startUserSession(victim, { previousToken: attackers.token, device });
    expect((await validateSessionToken(signedIn.token)).user?.id).toBe(victim.id);
    expect((await validateSessionToken(attackers.token)).session).toBeNull();
    expect(signedIn.mergedItems).toBe(0);
  });

  it("carries the guest cart over and says how many items it added", async () => {
    const user = await createUser();
    const mug = await seedProduct({ stock: 10 });
    const guest = await createSession({ userId: null, device });
    await addToCart({ sessionId: guest.session.id }, mug.id, 3);

    const signedIn = await startUserSession(user, { previousToken: guest.token, device });
    expect(signedIn.mergedItems).toBe(3);
    expect((await getCart({ userId: user.id })).itemCount).toBe(3);
    // Announced on the new session, where no link or script can forge or hide it.
    expect((await validateSessionToken(signedIn.token)).session?.notice).toBe("3 items from this browser were added to your cart.");
  });

  it("announces nothing when nothing was merged, and a dismissal clears only its own session", async () => {
    const user = await createUser();
    const mug = await seedProduct({ stock: 10 });
    const quiet = await startUserSession(user, { previousToken: undefined, device });
    expect((await validateSessionToken(quiet.token)).session?.notice).toBeNull();

    const guest = await createSession({ userId: null, device });
    await addToCart({ sessionId: guest.session.id }, mug.id, 1);
    const merged = await startUserSession(user, { previousToken: guest.token, device });
    const other = await startUserSession(user, { previousToken: undefined, device });
    await setSessionNoticeForTest(other.session.id, "another message");
    expect((await validateSessionToken(merged.token)).session?.notice).toBe("1 item from this browser was added to your cart.");

    await clearSessionNotice(merged.session.id);
    expect((await validateSessionToken(merged.token)).session?.notice).toBeNull();
    expect((await validateSessionToken(other.token)).session?.notice).toBe("another message");
  });

  it("announces nothing for a guest session with an empty cart", async () => {
    const user = await createUser();
    const guest = await createSession({ userId: null, device });
    const signedIn = await startUserSession(user, { previousToken: guest.token, device });
    expect(signedIn.mergedItems).toBe(0);
    expect((await validateSessionToken(signedIn.token)).session?.notice).toBeNull();
  });

  it("with no previous cookie, starts a session and merges nothing", async () => {
    const user = await createUser();
    const signedIn = await startUserSession(user, { previousToken: undefined, device });
    expect(signedIn.mergedItems).toBe(0);
    expect((await validateSessionToken(signedIn.token)).user?.id).toBe(user.id);
    expect(await db.session.count()).toBe(1);
  });
});

describe("checking a password", () => {
  it("returns the user's session fields for the right password, and nothing else", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    expect(await authenticate({ email: "ada@example.test", password: PASSWORD })).toEqual({ ok: true, user });
  });

  it("refuses a wrong password, naming the reason and the account for the activity log", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    expect(await authenticate({ email: "ada@example.test", password: `${PASSWORD}!` })).toEqual({ ok: false, reason: "wrong_password", userId: user.id });
  });

  it("spends a real bcrypt comparison on an unknown email, so timing tells nothing", async () => {
    const compare = vi.mocked(verifyPassword);
    expect(await authenticate({ email: "nobody@example.test", password: PASSWORD })).toEqual({ ok: false, reason: "unknown_account", userId: null });
    expect(compare).toHaveBeenCalledOnce();
    const [password, hash] = compare.mock.calls[0] as unknown as [string, string];
    expect(password).toBe(PASSWORD);
    expect(hash).toBe(await getDummyHash());
    expect(bcrypt.getRounds(hash)).toBe(env.BCRYPT_COST);
  });

  it("refuses an account without a password (a future email-link or OAuth user), after the same work", async () => {
    const noPassword = await db.user.create({ data: { name: "Link user", email: "link@example.test" } });
    const compare = vi.mocked(verifyPassword);
    // Even the dummy hash's own password would not open it: there is nothing to match.
    expect(await authenticate({ email: noPassword.email, password: PASSWORD })).toEqual({ ok: false, reason: "wrong_password", userId: noPassword.id });
    expect(compare).toHaveBeenCalledOnce();
  });

  it("refuses a disabled account even with its right password, after the same single comparison", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const compare = vi.mocked(verifyPassword);
    expect(await authenticate({ email: "ada@example.test", password: PASSWORD })).toEqual({ ok: false, reason: "account_disabled", userId: user.id });
    expect(await authenticate({ email: "ada@example.test", password: `${PASSWORD}!` })).toEqual({ ok: false, reason: "wrong_password", userId: user.id });
    expect(compare).toHaveBeenCalledTimes(2);
  });
});

describe("registering", () => {
  it("stores a bcrypt hash at the configured cost, never the password", async () => {
    const result = await registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD });
    expect(result).toMatchObject({ ok: true, user: { name: "Ada", email: "ada@example.test", role: "CUSTOMER" } });
    const row = await db.user.findUniqueOrThrow({ where: { email: "ada@example.test" } });
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(bcrypt.getRounds(row.passwordHash!)).toBe(env.BCRYPT_COST);
    expect(await bcrypt.compare(PASSWORD, row.passwordHash!)).toBe(true);
  });

  it("lets exactly one of two simultaneous sign-ups with one email through", async () => {
    const results = await Promise.all([
      registerUser({ name: "One", email: "same@example.test", password: PASSWORD }),
      registerUser({ name: "Two", email: "same@example.test", password: PASSWORD }),
    ]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: "email-taken" });
    expect(await db.user.count()).toBe(1);
  });
});

describe("registering, when the database fails for another reason", () => {
  it("does not pass the failure off as a taken email", async () => {
    // A real database error that is not the unique index: the insert is refused outright.
    await withTrigger({ table: "User", before: "INSERT", effect: { fail: "disk full" } }, async () => {
      await expect(registerUser({ name: "Ada", email: "ada@example.test", password: PASSWORD })).rejects.toThrow(/Invalid `db.user.create\(\)` invocation/);
    });
  });
});

describe("password hashing", () => {
  it("hashes at the configured cost and verifies only the right password", async () => {
    const hash = await hashPassword(PASSWORD);
    expect(bcrypt.getRounds(hash)).toBe(env.BCRYPT_COST);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword("something else entirely", hash)).toBe(false);
  });

  it("builds the dummy hash once per process", async () => {
    expect(getDummyHash()).toBe(getDummyHash());
    expect(bcrypt.getRounds(await getDummyHash())).toBe(env.BCRYPT_COST);
  });
});
