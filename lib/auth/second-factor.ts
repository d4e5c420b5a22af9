import "server-only";
import { db } from "@/lib/db";
import type { Device } from "@/lib/http/device";
import { log } from "@/lib/log";
import { recordSecurityEvent } from "@/lib/security/events";
import { twoFactorKey } from "@/lib/security/keys";
import { open, seal } from "@/lib/security/secret-box";
import { isTotpCode, matchingTotpStep } from "@/lib/security/totp";
import { spendRecoveryCode } from "./recovery-codes";

// The second factor of a user who has two-factor authentication on, checked wherever an
// "Authentication code" field is: the sign-in after the password, step-up at
// /account/confirm, and turning two-factor off. The field takes a code from the
// authenticator app or a recovery code, and either works once.
//
// The TOTP secret is stored sealed (lib/security/secret-box.ts) under a key derived for
// this purpose alone (lib/security/keys.ts twoFactorKey), bound to its user's id.

let secretKey: Buffer | undefined;

function key(): Buffer {
  secretKey ??= twoFactorKey("totp-secret");
  return secretKey;
}

function associatedData(userId: string): string {
  return `totp-secret:${userId}`;
}

export function sealTotpSecret(userId: string, secret: string): string {
  return seal(secret, key(), associatedData(userId));
}

/** The secret in a stored value, or null (logged, never with the value) when it does not open. */
export function openTotpSecret(userId: string, sealed: string): string | null {
  const secret = open(sealed, key(), associatedData(userId));
  // A changed TOTP_ENCRYPTION_KEY or AUTH_SECRET, or an edited row: the user's codes fail
  // until it is fixed, and an operator needs to know. What the row held stays out of logs.
  if (secret === null) log.error({ event: "totp_secret_unreadable", userId }, "a stored two-factor secret could not be decrypted");
  return secret;
}

export async function hasTwoFactor(userId: string): Promise<boolean> {
  return (await db.user.count({ where: { id: userId, totpSecret: { not: null } } })) === 1;
}

export type SecondFactor = "totp" | "recovery_code";

type Context = { device: Device; sessionId?: string | null; now?: Date };

/**
 * Checks what the user typed as their second factor, spends it, and records the outcome
 * in the activity log. Null for a wrong, reused or malformed code, or a user without
 * two-factor.
 */
export async function checkSecondFactor(userId: string, input: string, { device, sessionId = null, now = new Date() }: Context): Promise<SecondFactor | null> {
  // Authenticator apps show "123 456"; recovery codes are normalised in recovery-codes.ts.
  const code = input.replace(/\s/g, "");
  const event = { userId, device, sessionId, now };
  if (isTotpCode(code)) {
    if (await spendTotpCode(userId, code, now)) {
      await recordSecurityEvent({ ...event, type: "TWO_FACTOR_VERIFIED" });
      return "totp";
    }
  } else {
    // Spent and recorded in one transaction: the log says "used" exactly when it is gone.
    const spent = await db.$transaction(async (tx) => {
      if (!(await spendRecoveryCode(tx, userId, code))) return false;
      await recordSecurityEvent({ ...event, type: "RECOVERY_CODE_USED" }, tx);
      return true;
    });
    if (spent) return "recovery_code";
  }
  await recordSecurityEvent({ ...event, type: "TWO_FACTOR_FAILED", reason: "wrong_code" });
  return null;
}

/**
 * A code from the authenticator works once. The step it belongs to must be later than the
 * last step accepted, and is recorded in the same statement that checks it: of two
 * requests with one code (an attacker replaying what they watched the user type, or a
 * double submit) exactly one updates the row. The secret is part of the condition too, so
 * a code checked against a secret that was replaced or removed meanwhile counts for nothing.
 */
async function spendTotpCode(userId: string, code: string, now: Date): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpSecret: true } });
  if (!user?.totpSecret) return false;
  const secret = openTotpSecret(userId, user.totpSecret);
  const step = secret === null ? null : matchingTotpStep(secret, code, now);
  if (step === null) return false;
  const { count } = await db.user.updateMany({
    where: { id: userId, totpSecret: user.totpSecret, OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: step } }] },
    data: { totpLastUsedStep: step },
  });
  return count === 1;
}
