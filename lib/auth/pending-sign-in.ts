import "server-only";
import { db, type Transaction } from "@/lib/db";
import type { Device } from "@/lib/http/device";
import { sessionCookie } from "@/lib/session/cookie";
import { sessionUserFields, type SessionUser } from "@/lib/session/store";
import { generateSessionToken, hashSessionToken, isWellFormedToken } from "@/lib/session/token";
import { safeReturnPath } from "./return-path";
import { admitSignInAttempt, failSignInAttempt, passQuietly, signInSubject } from "@/lib/security/throttle";
import { checkSecondFactor, hasTwoFactor } from "./second-factor";

// Sign-in for a user with two-factor on happens in two steps, and between them the
// browser is NOT signed in: the right password alone gives it a pending sign-in, a
// server-side row it names with a token in a cookie of its own, and nothing a signed-in
// page accepts. Only a valid code turns it into a session (through the same rotation as
// every sign-in, so nothing the browser held before survives). The token is made and
// stored like a session token: 256 random bits, only their SHA-256 in the database.
//
// A pending sign-in lasts PENDING_SIGN_IN_TTL_MS and survives MAX_CODE_FAILURES wrong
// codes; after either, whoever is trying starts over with the password.

export const PENDING_SIGN_IN_TTL_MS = 5 * 60_000;
export const MAX_CODE_FAILURES = 5;

const COOKIE_BASE_NAME = "shop_pending_sign_in";

/** The pending sign-in's cookie: flagged like the session cookie, `__Host-` over HTTPS. */
export function pendingSignInCookie(secure: boolean) {
  return { name: secure ? `__Host-${COOKIE_BASE_NAME}` : COOKIE_BASE_NAME, options: sessionCookie(secure).options };
}

export type PendingSignInToken = { token: string; expiresAt: Date };

/**
 * After the right password: a pending sign-in when the user has two-factor on, or null
 * when the password is all it takes. `replacing` is the pending sign-in this browser held
 * already, which ends here: one per browser.
 */
export async function requireSecondFactor(
  user: SessionUser,
  { device, returnTo, replacing, now = new Date() }: { device: Device; returnTo: string; replacing: string | undefined; now?: Date },
): Promise<PendingSignInToken | null> {
  if (!(await hasTwoFactor(user.id))) return null;
  const token = generateSessionToken();
  const expiresAt = new Date(now.getTime() + PENDING_SIGN_IN_TTL_MS);
  await db.$transaction(async (tx) => {
    if (isWellFormedToken(replacing)) await tx.pendingSignIn.deleteMany({ where: { id: hashSessionToken(replacing) } });
    await tx.pendingSignIn.create({
      data: { id: hashSessionToken(token), userId: user.id, createdAt: now, expiresAt, returnTo: safeReturnPath(returnTo), ...device },
    });
  });
  return { token, expiresAt };
}

/** The live pending sign-in a token names, of an account that may still sign in. */
async function livePendingSignIn(token: string | undefined, now: Date) {
  if (!isWellFormedToken(token)) return null;
  return db.pendingSignIn.findFirst({
    where: { id: hashSessionToken(token), expiresAt: { gt: now }, user: { disabledAt: null } },
    select: { id: true, returnTo: true, user: { select: sessionUserFields } },
  });
}

/** For the code page: whether to ask for a code, or to send the browser back to the password. */
export async function isLivePendingSignIn(token: string | undefined, now = new Date()): Promise<boolean> {
  return (await livePendingSignIn(token, now)) !== null;
}

export type PendingSignInResult =
  | { ok: true; user: SessionUser; returnTo: string }
  | { ok: false; reason: "expired" | "too-many-failures" }
  | { ok: false; reason: "wrong-code"; attemptsLeft: number }
  | { ok: false; reason: "throttled"; waitSeconds: number };

const EXPIRED = { ok: false, reason: "expired" } as const;

/**
 * The code for a pending sign-in. On success the pending sign-in is used up and the caller
 * signs the user in (app/_lib/complete-sign-in.ts). Expired, unknown, used, or the
 * account disabled meanwhile: "expired", start over.
 *
 * Codes are throttled on the same counters as passwords (lib/security/throttle.ts), for
 * the account, the address and a known device (`deviceHash`, the browser's device
 * cookie): while they are blocked no code is checked, and a wrong code counts like a
 * wrong password. The cap of wrong codes per pending sign-in is a second, tighter limit.
 */
export async function verifyPendingSignIn(
  token: string | undefined,
  code: string,
  { device, deviceHash = null, now = new Date() }: { device: Device; deviceHash?: string | null; now?: Date },
): Promise<PendingSignInResult> {
  const pending = await livePendingSignIn(token, now);
  if (!pending) return EXPIRED;
  const subject = await signInSubject(pending.user.email, device.ipAddress, deviceHash);
  const admission = await admitSignInAttempt(subject, now);
  if (!admission.ok) return { ok: false, reason: "throttled", waitSeconds: admission.waitSeconds };
  if (!(await checkSecondFactor(pending.user.id, code, { device, now }))) {
    const failure = { type: "TWO_FACTOR_FAILED", userId: pending.user.id, reason: "wrong_code", device } as const;
    const blocked = await failSignInAttempt(admission.attempt, failure, { logged: true });
    const result = await onWrongSignInCode(pending.id);
    // A wait the throttle has just begun says more than "N tries left", which it overrides.
    return blocked > 0 && !result.ok && result.reason === "wrong-code" ? { ok: false, reason: "throttled", waitSeconds: blocked } : result;
  }
  // Used up by its delete: of two requests racing with one pending sign-in, one signs in.
  const { count } = await db.pendingSignIn.deleteMany({ where: { id: pending.id } });
  // The other request signed in; this right code was no failure, so it takes its count back.
  // (Two different right codes at once, a TOTP code and a recovery code: no test races them.)
  // Stryker disable BlockStatement,ObjectLiteral,BooleanLiteral
  if (count !== 1) {
    await passQuietly(admission.attempt, { complete: false });
    return EXPIRED;
  }
  // Stryker restore BlockStatement,ObjectLiteral,BooleanLiteral
  await passQuietly(admission.attempt);
  return { ok: true, user: pending.user, returnTo: safeReturnPath(pending.returnTo) };
}

/**
 * Every wrong code against a pending sign-in comes here (the activity log has it already,
 * from checkSecondFactor). The count lives on the row, so it holds on every instance; at
 * MAX_CODE_FAILURES the row is deleted, and six digits cannot be guessed five at a time
 * per password entry.
 */
export async function onWrongSignInCode(pendingId: string): Promise<PendingSignInResult> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.pendingSignIn.updateMany({ where: { id: pendingId }, data: { failures: { increment: 1 } } });
    const row = count === 1 ? await tx.pendingSignIn.findUnique({ where: { id: pendingId }, select: { failures: true } }) : null;
    if (!row) return EXPIRED;
    if (row.failures < MAX_CODE_FAILURES) return { ok: false, reason: "wrong-code", attemptsLeft: MAX_CODE_FAILURES - row.failures };
    await tx.pendingSignIn.deleteMany({ where: { id: pendingId } });
    return { ok: false, reason: "too-many-failures" };
  });
}

/** A new password, or two-factor turned off: sign-ins begun before it cannot finish. */
export async function deletePendingSignIns(tx: Transaction, userId: string): Promise<void> {
  await tx.pendingSignIn.deleteMany({ where: { userId } });
}
