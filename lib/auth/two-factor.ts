import "server-only";
import { db } from "@/lib/db";
import type { Device } from "@/lib/http/device";
import { twoFactorChangedMail } from "@/lib/mail/messages";
import { notify } from "@/lib/mail/send";
import { recordSecurityEvent } from "@/lib/security/events";
import { matchingTotpStep, newTotpSecret, totpUri } from "@/lib/security/totp";
import type { SessionUser } from "@/lib/session/store";
import { hashSessionToken, isWellFormedToken } from "@/lib/session/token";
import { deletePendingSignIns } from "./pending-sign-in";
import { countRecoveryCodes, deleteRecoveryCodes, replaceRecoveryCodes } from "./recovery-codes";
import { checkSecondFactor, openTotpSecret, sealTotpSecret } from "./second-factor";
import { startUserSession, type SignedInSession } from "./sign-in";

// Turning two-factor authentication (TOTP) on and off, from /account/security. Every step
// needs a recent password (step-up, checked by the actions), and the rules are here:
// - Setting up stores a new secret as pending; it replaces nothing and protects nothing
//   until a code from it proves the authenticator app has it.
// - Turning on is a privilege change: the session rotates and every other session of the
//   user ends, in the transaction that turns it on. Those sessions began with the password
//   alone, which is no longer enough.
// - Turning off needs a code (or a recovery code) on top of the password, rotates this
//   session, and keeps the others: nothing they can do grows.

type Request = { previousToken: string | undefined; device: Device; now?: Date };

export type TwoFactorStatus =
  | { enabled: true; recoveryCodesLeft: number }
  | { enabled: false; setup: { secret: string; uri: string } | null };

export async function twoFactorStatus(user: SessionUser): Promise<TwoFactorStatus> {
  const row = await db.user.findUnique({ where: { id: user.id }, select: { totpSecret: true, totpPendingSecret: true } });
  if (row?.totpSecret) return { enabled: true, recoveryCodesLeft: await countRecoveryCodes(user.id) };
  const secret = row?.totpPendingSecret ? openTotpSecret(user.id, row.totpPendingSecret) : null;
  return { enabled: false, setup: secret === null ? null : { secret, uri: totpUri(secret, user.email) } };
}

/** A new pending secret (a second setup replaces the first). False while two-factor is on. */
export async function beginTwoFactorSetup(user: SessionUser): Promise<boolean> {
  const sealed = sealTotpSecret(user.id, newTotpSecret());
  // Never over a secret in use: changing the authenticator means turning two-factor off first.
  const { count } = await db.user.updateMany({ where: { id: user.id, totpSecret: null }, data: { totpPendingSecret: sealed } });
  return count === 1;
}

export type TwoFactorEnabled =
  | { ok: true; session: SignedInSession; recoveryCodes: string[] }
  | { ok: false; reason: "no-setup" | "wrong-code" };

class SetupChanged extends Error {}

/** Turns two-factor on with a code from the pending secret; returns the recovery codes, once. */
export async function enableTwoFactor(user: SessionUser, code: string, request: Request): Promise<TwoFactorEnabled> {
  const { device, now = new Date() } = request;
  const row = await db.user.findUnique({ where: { id: user.id }, select: { totpSecret: true, totpPendingSecret: true } });
  const sealed = row?.totpPendingSecret;
  if (!sealed || row.totpSecret !== null) return { ok: false, reason: "no-setup" };
  const secret = openTotpSecret(user.id, sealed);
  const step = secret === null ? null : matchingTotpStep(secret, code.replace(/\s/g, ""), now);
  if (step === null) return { ok: false, reason: "wrong-code" };

  let recoveryCodes: string[] = [];
  try {
    // Every other session began with the password alone; each is logged as revoked.
    const session = await startUserSession(user, request, {
      reason: "two_factor_enabled",
      endOtherSessions: true,
      change: async (tx) => {
        // The very secret the code came from: a setup restarted in another tab meanwhile
        // fails here, instead of turning on a secret the user never saw. The code's step
        // counts as used, so the code that turned it on cannot also sign in.
        const { count } = await tx.user.updateMany({
          where: { id: user.id, totpSecret: null, totpPendingSecret: sealed },
          data: { totpSecret: sealed, totpPendingSecret: null, totpEnabledAt: now, totpLastUsedStep: step },
        });
        if (count !== 1) throw new SetupChanged();
        recoveryCodes = await replaceRecoveryCodes(tx, user.id);
        await recordSecurityEvent({ type: "TWO_FACTOR_ENABLED", userId: user.id, device, now }, tx);
      },
    });
    // The owner hears of it at the address on file, whoever pressed the button.
    await notify(twoFactorChangedMail(user, true));
    return { ok: true, session, recoveryCodes };
  } catch (error) {
    if (error instanceof SetupChanged) return { ok: false, reason: "no-setup" };
    throw error;
  }
}

export type TwoFactorDisabled = { ok: true; session: SignedInSession } | { ok: false };

/** Turns two-factor off, given a code or a recovery code; pending sign-ins and recovery codes go too. */
export async function disableTwoFactor(user: SessionUser, code: string, request: Request): Promise<TwoFactorDisabled> {
  const { device, now = new Date() } = request;
  const sessionId = isWellFormedToken(request.previousToken) ? hashSessionToken(request.previousToken) : null;
  if (!(await checkSecondFactor(user.id, code, { device, sessionId, now }))) return { ok: false };
  const session = await startUserSession(user, request, {
    change: async (tx) => {
      await tx.user.updateMany({
        where: { id: user.id },
        data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastUsedStep: null },
      });
      await deleteRecoveryCodes(tx, user.id);
      await deletePendingSignIns(tx, user.id);
      await recordSecurityEvent({ type: "TWO_FACTOR_DISABLED", userId: user.id, device, now }, tx);
    },
  });
  await notify(twoFactorChangedMail(user, false));
  return { ok: true, session };
}

/** Ten new recovery codes, the old ones dead; null while two-factor is off. */
export async function regenerateRecoveryCodes(user: SessionUser, context: { device: Device; sessionId: string }): Promise<string[] | null> {
  return db.$transaction(async (tx) => {
    if ((await tx.user.count({ where: { id: user.id, totpSecret: { not: null } } })) === 0) return null;
    const codes = await replaceRecoveryCodes(tx, user.id);
    await recordSecurityEvent({ type: "RECOVERY_CODES_REGENERATED", userId: user.id, ...context }, tx);
    return codes;
  });
}
