import { beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/accounts";
import { changePassword, requestPasswordReset, resetPassword } from "@/lib/auth/password-changes";
import {
  isLivePendingSignIn,
  MAX_CODE_FAILURES,
  onWrongSignInCode,
  PENDING_SIGN_IN_TTL_MS,
  pendingSignInCookie,
  requireSecondFactor,
  verifyPendingSignIn,
} from "@/lib/auth/pending-sign-in";
import { disableTwoFactor } from "@/lib/auth/two-factor";
import { db } from "@/lib/db";
import { purgeSecurityData } from "@/lib/security/purge";
import { createSession, validateSessionToken } from "@/lib/session/store";
import { generateSessionToken, hashSessionToken } from "@/lib/session/token";
import { createUser, resetDatabase } from "./helpers/db";
import { latestMailTo, tokenIn } from "./helpers/outbox";
import { codeAt, stepsAfter, T0, turnOnTwoFactor } from "./helpers/two-factor";

// The state between a correct password and the second factor. It is not a session: it
// names a user and nothing a signed-in page accepts; it lasts five minutes and five wrong
// codes, it belongs to the browser holding its token, and it dies with the password.

const device = { ipAddress: "203.0.113.30", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const PASSWORD = "correct horse battery";

beforeEach(resetDatabase);

async function userWithTwoFactor() {
  const user = await createUser({ password: PASSWORD });
  const { secret, recoveryCodes } = await turnOnTwoFactor(user, { device });
  return { user, secret, recoveryCodes };
}

async function pendingFor(user: Awaited<ReturnType<typeof createUser>>, options: { now?: Date; returnTo?: string; replacing?: string } = {}) {
  const { now = T0, returnTo = "/orders", replacing } = options;
  const pending = await requireSecondFactor(user, { device, returnTo, replacing, now });
  if (!pending) throw new Error("expected a pending sign-in");
  return pending;
}

describe("after the right password", () => {
  it("a user without two-factor needs nothing more: no pending sign-in is made", async () => {
    const user = await createUser();
    expect(await requireSecondFactor(user, { device, returnTo: "/", replacing: undefined })).toBeNull();
    expect(await db.pendingSignIn.count()).toBe(0);
  });

  it("a user with two-factor gets a pending sign-in for five minutes: only its token's hash is stored, no session", async () => {
    const { user } = await userWithTwoFactor();
    const sessionsBefore = await db.session.count();
    const { token, expiresAt } = await pendingFor(user, { returnTo: "/orders?page=2" });

    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toEqual(new Date(T0.getTime() + PENDING_SIGN_IN_TTL_MS));
    expect(PENDING_SIGN_IN_TTL_MS).toBe(5 * 60_000);
    const rows = await db.pendingSignIn.findMany();
    expect(rows).toEqual([
      {
        id: hashSessionToken(token),
        userId: user.id,
        createdAt: T0,
        expiresAt,
        failures: 0,
        returnTo: "/orders?page=2",
        ipAddress: device.ipAddress,
        userAgent: device.userAgent,
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await db.session.count()).toBe(sessionsBefore);
  });

  it("keeps only a path on this site to return to", async () => {
    const { user } = await userWithTwoFactor();
    await pendingFor(user, { returnTo: "//evil.example/login" });
    expect((await db.pendingSignIn.findFirstOrThrow()).returnTo).toBe("/");
  });

  it("replaces the pending sign-in this browser held, and no other browser's", async () => {
    const { user } = await userWithTwoFactor();
    const other = await pendingFor(user);
    const first = await pendingFor(user);
    const second = await pendingFor(user, { replacing: first.token });
    expect(await isLivePendingSignIn(first.token, T0)).toBe(false);
    expect(await isLivePendingSignIn(second.token, T0)).toBe(true);
    expect(await isLivePendingSignIn(other.token, T0)).toBe(true);
    expect(await db.pendingSignIn.count()).toBe(2);
  });
});

describe("the code for a pending sign-in", () => {
  it("signs the user in once: the pending sign-in is used up, and its token cannot be used again", async () => {
    const { user, secret } = await userWithTwoFactor();
    const { token } = await pendingFor(user, { returnTo: "/orders" });
    const now = stepsAfter(T0, 1);

    const result = await verifyPendingSignIn(token, codeAt(secret, now), { device, now });
    expect(result).toEqual({ ok: true, user: { id: user.id, name: user.name, email: user.email, role: "CUSTOMER" }, returnTo: "/orders" });
    expect(await db.pendingSignIn.count()).toBe(0);
    const later = stepsAfter(T0, 2);
    expect(await verifyPendingSignIn(token, codeAt(secret, later), { device, now: later })).toEqual({ ok: false, reason: "expired" });
  });

  it("takes a recovery code too", async () => {
    const { user, recoveryCodes } = await userWithTwoFactor();
    const { token } = await pendingFor(user);
    expect((await verifyPendingSignIn(token, recoveryCodes[0]!, { device, now: T0 })).ok).toBe(true);
  });

  it("works until five minutes have passed, and not at five minutes", async () => {
    const { user, secret } = await userWithTwoFactor();
    const early = await pendingFor(user);
    const late = await pendingFor(user);
    const justBefore = new Date(T0.getTime() + PENDING_SIGN_IN_TTL_MS - 1);
    const atExpiry = new Date(T0.getTime() + PENDING_SIGN_IN_TTL_MS);
    expect(await isLivePendingSignIn(early.token, justBefore)).toBe(true);
    expect((await verifyPendingSignIn(early.token, codeAt(secret, justBefore), { device, now: justBefore })).ok).toBe(true);
    expect(await isLivePendingSignIn(late.token, atExpiry)).toBe(false);
    expect(await verifyPendingSignIn(late.token, codeAt(secret, stepsAfter(atExpiry, 1)), { device, now: atExpiry })).toEqual({ ok: false, reason: "expired" });
  });

  it("is bound to its token: no token, a garbage one or an unknown one finds nothing", async () => {
    const { user, secret } = await userWithTwoFactor();
    await pendingFor(user);
    const now = stepsAfter(T0, 1);
    for (const token of [undefined, "", "garbage", generateSessionToken()]) {
      expect(await isLivePendingSignIn(token, now)).toBe(false);
      expect(await verifyPendingSignIn(token, codeAt(secret, now), { device, now })).toEqual({ ok: false, reason: "expired" });
    }
    expect(await db.pendingSignIn.count()).toBe(1);
  });

  it("counts wrong codes, and after five deletes the pending sign-in: the right code then does nothing", async () => {
    const { user, secret } = await userWithTwoFactor();
    const { token } = await pendingFor(user);
    const now = stepsAfter(T0, 1);
    const wrong = codeAt(secret, now) === "000000" ? "000001" : "000000";

    for (let failure = 1; failure < MAX_CODE_FAILURES; failure += 1) {
      expect(await verifyPendingSignIn(token, wrong, { device, now })).toEqual({ ok: false, reason: "wrong-code", attemptsLeft: MAX_CODE_FAILURES - failure });
    }
    expect((await db.pendingSignIn.findFirstOrThrow()).failures).toBe(MAX_CODE_FAILURES - 1);
    expect(await verifyPendingSignIn(token, "not-a-code", { device, now })).toEqual({ ok: false, reason: "too-many-failures" });
    expect(await db.pendingSignIn.count()).toBe(0);
    expect(await verifyPendingSignIn(token, codeAt(secret, now), { device, now })).toEqual({ ok: false, reason: "expired" });
    expect(MAX_CODE_FAILURES).toBe(5);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "TWO_FACTOR_FAILED", reason: "wrong_code" } })).toBe(MAX_CODE_FAILURES);
  });

  it("counts a wrong code against a pending sign-in that is gone as nothing", async () => {
    expect(await onWrongSignInCode(hashSessionToken(generateSessionToken()))).toEqual({ ok: false, reason: "expired" });
  });

  it("is refused when the account was disabled between the password and the code", async () => {
    const { user, secret } = await userWithTwoFactor();
    const { token } = await pendingFor(user);
    await db.user.update({ where: { id: user.id }, data: { disabledAt: T0 } });
    const now = stepsAfter(T0, 1);
    expect(await isLivePendingSignIn(token, now)).toBe(false);
    expect(await verifyPendingSignIn(token, codeAt(secret, now), { device, now })).toEqual({ ok: false, reason: "expired" });
  });

  it("of two submits racing with one pending sign-in, one signs in", async () => {
    const { user, secret, recoveryCodes } = await userWithTwoFactor();
    const { token } = await pendingFor(user);
    const now = stepsAfter(T0, 1);
    const results = await Promise.all([codeAt(secret, now), recoveryCodes[0]!].map((code) => verifyPendingSignIn(token, code, { device, now })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "expired" }]);
  });
});

describe("a pending sign-in dies", () => {
  it("when the password changes: a sign-in begun with the old password cannot finish", async () => {
    const { user, secret } = await userWithTwoFactor();
    const { token } = await pendingFor(user);
    const result = await changePassword(user, { currentPassword: PASSWORD, newPassword: "a new passphrase for 2fa" }, { previousToken: undefined, device });
    expect(result.ok).toBe(true);
    const now = stepsAfter(T0, 1);
    expect(await verifyPendingSignIn(token, codeAt(secret, now), { device, now })).toEqual({ ok: false, reason: "expired" });
  });

  it("when the password is reset, which with two-factor on signs nobody in: the link does not replace the code", async () => {
    const { user, secret } = await userWithTwoFactor();
    const { token } = await pendingFor(user);
    const signedIn = await createSession({ userId: user.id, device });
    const guest = await createSession({ userId: null, device });
    await requestPasswordReset(user.email, device);
    const link = tokenIn(await latestMailTo(user.email), "/reset-password");

    const result = await resetPassword(link, "a new passphrase for 2fa", { previousToken: guest.token, device });
    expect(result).toEqual({ ok: true, session: null, user: { id: user.id, name: user.name, email: user.email, role: "CUSTOMER" } });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await validateSessionToken(signedIn.token)).session).toBeNull();
    // The browser's guest session is not the user's, and is left as it was.
    expect((await validateSessionToken(guest.token)).session).not.toBeNull();
    const now = stepsAfter(T0, 1);
    expect(await verifyPendingSignIn(token, codeAt(secret, now), { device, now })).toEqual({ ok: false, reason: "expired" });
    // The new password works, and still only together with a code.
    expect(await authenticate({ email: user.email, password: "a new passphrase for 2fa" })).not.toBeNull();
    expect(await requireSecondFactor(user, { device, returnTo: "/", replacing: undefined })).not.toBeNull();
    expect(await resetPassword(link, "yet another passphrase 9", { previousToken: undefined, device })).toEqual({ ok: false });
  });

  it("when two-factor is turned off", async () => {
    const { user, secret } = await userWithTwoFactor();
    const { token } = await pendingFor(user);
    const now = stepsAfter(T0, 1);
    expect((await disableTwoFactor(user, codeAt(secret, now), { previousToken: undefined, device, now })).ok).toBe(true);
    expect(await db.pendingSignIn.count()).toBe(0);
    expect(await isLivePendingSignIn(token, now)).toBe(false);
  });

  it("at housekeeping once expired, in batches, leaving live ones", async () => {
    const { user } = await userWithTwoFactor();
    const expired = [];
    for (let index = 0; index < 7; index += 1) expired.push(await pendingFor(user, { now: new Date(T0.getTime() - PENDING_SIGN_IN_TTL_MS - index) }));
    // Expiring exactly now counts as expired, as it does for the code.
    await pendingFor(user, { now: new Date(T0.getTime() - PENDING_SIGN_IN_TTL_MS) });
    const live = [await pendingFor(user), await pendingFor(user, { now: new Date(T0.getTime() - PENDING_SIGN_IN_TTL_MS + 1) })];

    expect((await purgeSecurityData(T0, 3)).pendingSignIns).toBe(8);
    expect((await db.pendingSignIn.findMany({ select: { id: true } })).map((row) => row.id).sort()).toEqual(
      live.map((pending) => hashSessionToken(pending.token)).sort(),
    );
    expect((await purgeSecurityData(T0)).pendingSignIns).toBe(0);
  });

  it("at housekeeping when the backlog is a whole number of batches", async () => {
    const { user } = await userWithTwoFactor();
    for (let index = 0; index < 4; index += 1) await pendingFor(user, { now: new Date(T0.getTime() - PENDING_SIGN_IN_TTL_MS - index) });
    expect((await purgeSecurityData(T0, 2)).pendingSignIns).toBe(4);
    expect(await db.pendingSignIn.count()).toBe(0);
  });
});

describe("the pending sign-in's cookie", () => {
  it("is HttpOnly, SameSite=Lax and Path=/, and over HTTPS Secure with the __Host- prefix", () => {
    expect(pendingSignInCookie(false)).toEqual({ name: "shop_pending_sign_in", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false } });
    expect(pendingSignInCookie(true)).toEqual({ name: "__Host-shop_pending_sign_in", options: { httpOnly: true, sameSite: "lax", path: "/", secure: true } });
  });
});

describe("codes and the sign-in throttle", () => {
  // The account's free failures (SIGNIN_ACCOUNT_FREE_FAILURES, 5 by default) are shared by
  // wrong passwords and wrong codes: knowing the password must not buy unlimited guesses.
  const wrongCode = "000000";

  async function spendWrongCodes(user: Awaited<ReturnType<typeof createUser>>, count: number, now: Date) {
    const results = [];
    let pending = await pendingFor(user, { now });
    for (let index = 0; index < count; index++) {
      if (!(await isLivePendingSignIn(pending.token, now))) pending = await pendingFor(user, { now });
      results.push(await verifyPendingSignIn(pending.token, wrongCode, { device, now }));
    }
    return { results, pending };
  }

  it("a wrong code counts like a wrong password: past the free failures the account waits, over new pending sign-ins too", async () => {
    const { user } = await userWithTwoFactor();
    const failedBefore = await db.securityEvent.count({ where: { userId: user.id, type: "TWO_FACTOR_FAILED" } });
    const { results } = await spendWrongCodes(user, 6, T0);
    expect(results.slice(0, 4)).toEqual([4, 3, 2, 1].map((attemptsLeft) => ({ ok: false, reason: "wrong-code", attemptsLeft })));
    // The fifth wrong code ends the pending sign-in; the sixth, on a new one begun with the
    // password, is past the free failures and starts the account's wait.
    expect(results[4]).toEqual({ ok: false, reason: "too-many-failures" });
    expect(results[5]).toEqual({ ok: false, reason: "throttled", waitSeconds: 2 });
    // Each wrong code is in the log once (from the code check, not again from the throttle).
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "SIGN_IN_THROTTLED" } })).toBe(1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "TWO_FACTOR_FAILED" } })).toBe(failedBefore + 6);
  });

  it("while the account waits, even the right code is refused without being checked or spent", async () => {
    const { user, secret } = await userWithTwoFactor();
    await spendWrongCodes(user, 6, T0);
    const pending = await pendingFor(user, { now: T0 });
    // The next step's code: valid now (one step of clock skew) and not yet spent.
    const right = codeAt(secret, stepsAfter(T0, 1));
    expect(await verifyPendingSignIn(pending.token, right, { device, now: T0 })).toEqual({ ok: false, reason: "throttled", waitSeconds: 2 });
    expect(await isLivePendingSignIn(pending.token, T0)).toBe(true);
    const later = new Date(T0.getTime() + 2_000);
    expect((await verifyPendingSignIn(pending.token, right, { device, now: later })).ok).toBe(true);
  });

  it("the right code forgets the account's failures; the right password alone does not", async () => {
    const { user, secret } = await userWithTwoFactor();
    await spendWrongCodes(user, 3, T0);
    // A password entry for a two-factor account is half a sign-in: the count stands.
    const signIn = await authenticate({ email: user.email, password: PASSWORD });
    expect(signIn.ok).toBe(true);
    expect(await db.throttle.findMany({ where: { key: { startsWith: "signin:account:" } }, select: { count: true } })).toEqual([{ count: 3 }]);

    const pending = await pendingFor(user, { now: T0 });
    const later = stepsAfter(T0, 2);
    expect((await verifyPendingSignIn(pending.token, codeAt(secret, later), { device, now: later })).ok).toBe(true);
    expect(await db.throttle.count({ where: { key: { startsWith: "signin:account:" } } })).toBe(0);
  });
});
