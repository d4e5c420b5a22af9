import "server-only";
import { db, type Transaction } from "@/lib/db";
import { env } from "@/lib/env";
import type { Device } from "@/lib/http/device";
import { notify, send } from "@/lib/mail/send";
import { passwordChangedMail, passwordResetMail } from "@/lib/mail/messages";
import { recordSecurityEvent } from "@/lib/security/events";
import { revokeAllUserSessions, sessionUserFields, type SessionUser } from "@/lib/session/store";
import { consumeAccountToken, deleteAccountTokens, findAccountToken, issueAccountToken } from "./account-tokens";
import { authenticateUser } from "./accounts";
import { hashPassword } from "./password";
import { deletePendingSignIns } from "./pending-sign-in";
import { hasTwoFactor } from "./second-factor";
import { startUserSession, type SignedInSession } from "./sign-in";
import type { ChangePasswordInput } from "./validation";

// A new password is the strongest privilege change there is: whoever knew the old one
// (a thief who signed in with it) must be out at once. So both ways to a new password
// end every other session of the user in the same transaction that stores the hash, and
// rotate the browser that made the change. Every outstanding link dies with the old
// password too: a reset link, and an email-change link a thief may have had sent to
// their own mailbox while they were signed in, which would otherwise still move the
// account (and its future reset links) to them after the owner changed the password.
// So does a sign-in that passed the old password and waits for its two-factor code.

type Request = { previousToken: string | undefined; device: Device };

export type PasswordChange = { ok: true; session: SignedInSession } | { ok: false; reason: "wrong-password" };

/** Change from /account/security: the current password proves who is asking. */
export async function changePassword(user: SessionUser, input: ChangePasswordInput, request: Request): Promise<PasswordChange> {
  const confirmed = await authenticateUser(user.id, input.currentPassword);
  if (!confirmed) return { ok: false, reason: "wrong-password" };
  const passwordHash = await hashPassword(input.newPassword);
  const session = await startUserSession(confirmed, request, {
    reason: "password_change",
    endOtherSessions: true,
    change: async (tx) => {
      await tx.user.update({ where: { id: confirmed.id }, data: { passwordHash } });
      await deleteAccountTokens(tx, confirmed.id);
      await deletePendingSignIns(tx, confirmed.id);
      await recordSecurityEvent({ type: "PASSWORD_CHANGED", userId: confirmed.id, device: request.device }, tx);
    },
  });
  // Stryker disable next-line StringLiteral: equivalent, passwordChangedMail tells "reset" apart from anything else.
  await notify(passwordChangedMail(confirmed, "changed"));
  return { ok: true, session };
}

/**
 * Mails a reset link when the email belongs to an account that may sign in, and does
 * nothing otherwise. The caller answers the same either way, and runs this after the
 * response (next/server `after`), so neither the words nor the time taken tell whether
 * the account exists. `device` is the request's, for the account's activity log.
 */
export async function requestPasswordReset(email: string, device: Device, now = new Date()): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true, disabledAt: true } });
  if (!user || user.disabledAt !== null) return;
  const token = await issueAccountToken({
    userId: user.id,
    purpose: "PASSWORD_RESET",
    ttlMs: env.PASSWORD_RESET_TTL_SECONDS * 1000,
    device,
    now,
  });
  await send(passwordResetMail(user, token, env.PASSWORD_RESET_TTL_SECONDS));
}

/** Whether a reset link still works: the page shows the form, or says it does not. */
export async function isLivePasswordResetToken(token: unknown, now = new Date()): Promise<boolean> {
  return (await findAccountToken(token, "PASSWORD_RESET", now)) !== null;
}

export type PasswordReset = { ok: true; session: SignedInSession | null; user: SessionUser } | { ok: false };

class LinkUsedUp extends Error {}

/**
 * Sets the password from a reset link: the link is used up, every session of the user
 * ends, and this browser is signed in with a new one. Whoever was signed in with the old
 * password, on any device, is out.
 *
 * With two-factor on, the link proves the mailbox but not the second factor, so it signs
 * nobody in (`session` is null): the user signs in with the new password and a code.
 * Otherwise whoever reads the user's mail would hold a session without the authenticator.
 */
export async function resetPassword(token: string, newPassword: string, request: Request, now = new Date()): Promise<PasswordReset> {
  const link = await findAccountToken(token, "PASSWORD_RESET", now);
  if (!link) return { ok: false };
  const user = await db.user.findFirst({ where: { id: link.userId, disabledAt: null }, select: sessionUserFields });
  if (!user) return { ok: false };
  const passwordHash = await hashPassword(newPassword);
  const change = async (tx: Transaction) => {
    // Used up here, in the transaction that sets the password: of two submits racing
    // with one link, the second finds no row and changes nothing.
    if (!(await consumeAccountToken(tx, token, "PASSWORD_RESET", now))) throw new LinkUsedUp();
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await deleteAccountTokens(tx, user.id);
    await deletePendingSignIns(tx, user.id);
    await recordSecurityEvent({ type: "PASSWORD_RESET", userId: user.id, device: request.device }, tx);
  };
  try {
    const session = (await hasTwoFactor(user.id))
      ? await db.$transaction(async (tx) => {
          await change(tx);
          await revokeAllUserSessions(user.id, { reason: "password_reset", device: request.device }, tx);
          return null;
        })
      : await startUserSession(user, request, { reason: "password_reset", endOtherSessions: true, change });
    await notify(passwordChangedMail(user, "reset"));
    return { ok: true, session, user };
  } catch (error) {
    if (error instanceof LinkUsedUp) return { ok: false };
    throw error;
  }
}
