import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import type { Device } from "@/lib/http/device";
import { requestLog } from "@/lib/log";
import { emailChangeConfirmMail, emailChangedMail, emailChangeRequestedMail } from "@/lib/mail/messages";
import { notify, send } from "@/lib/mail/send";
import { recordSecurityEvent } from "@/lib/security/events";
import type { SessionUser } from "@/lib/session/store";
import { consumeAccountToken, deleteAccountTokens, findAccountToken, issueAccountToken } from "./account-tokens";

// The email is the account's sign-in name and where its reset links go, so a change must
// prove control of the new address (a link mailed there) and is told to the old one. The
// request itself needs step-up (the action calls requireRecentAuthentication): a stolen
// session alone cannot move the account to the thief's mailbox.

/** How long the confirmation link works. */
export const EMAIL_CHANGE_TTL_SECONDS = 3600;

export type EmailChangeRequest = { ok: true } | { ok: false; reason: "same-email" | "not-sent" };

export async function requestEmailChange(user: SessionUser, newEmail: string, device: Device, now = new Date()): Promise<EmailChangeRequest> {
  if (newEmail === user.email) return { ok: false, reason: "same-email" };
  // Whether another account already has the address is decided when the link is opened,
  // by the unique index; saying so here would let anyone signed in probe for accounts.
  const token = await issueAccountToken({
    userId: user.id,
    purpose: "EMAIL_CHANGE",
    email: newEmail,
    ttlMs: EMAIL_CHANGE_TTL_SECONDS * 1000,
    device,
    now,
  });
  try {
    await send(emailChangeConfirmMail(newEmail, token, EMAIL_CHANGE_TTL_SECONDS));
  } catch (error) {
    // A mail server that is down is an expected failure: the form says so, and the link,
    // which nobody received, simply expires.
    (await requestLog()).error({ event: "mail_failed", purpose: "EMAIL_CHANGE", err: error }, "an email change link could not be sent");
    return { ok: false, reason: "not-sent" };
  }
  await notify(emailChangeRequestedMail(user, newEmail));
  return { ok: true };
}

/** The address a confirmation link would set, for the link's page; null when the link does not work. */
export async function pendingEmailChange(token: unknown, now = new Date()): Promise<string | null> {
  return (await findAccountToken(token, "EMAIL_CHANGE", now))?.email ?? null;
}

export type EmailChange = { ok: true; email: string } | { ok: false; reason: "invalid-link" | "email-taken" };

/** Opening the link (and pressing the button on its page) makes the change; `device` is that request's. */
export async function confirmEmailChange(token: unknown, device: Device, now = new Date()): Promise<EmailChange> {
  let change: { name: string; oldEmail: string; newEmail: string } | null;
  try {
    change = await db.$transaction(async (tx) => {
      const link = await consumeAccountToken(tx, token, "EMAIL_CHANGE", now);
      if (!link?.email) return null;
      const user = await tx.user.findFirst({ where: { id: link.userId, disabledAt: null }, select: { name: true, email: true } });
      if (!user) return null;
      // Opening the link proved the user reads mail at the new address.
      await tx.user.update({ where: { id: link.userId }, data: { email: link.email, emailVerified: now } });
      // Reset links went to the old address, which no longer speaks for the account.
      await deleteAccountTokens(tx, link.userId, "PASSWORD_RESET");
      await recordSecurityEvent({ type: "EMAIL_CHANGED", userId: link.userId, device, now }, tx);
      return { name: user.name, oldEmail: user.email, newEmail: link.email };
    });
  } catch (error) {
    // The unique index on User.email: the address was taken after the link was sent.
    if (isUniqueViolation(error)) return { ok: false, reason: "email-taken" };
    throw error;
  }
  if (!change) return { ok: false, reason: "invalid-link" };
  await notify(emailChangedMail({ name: change.name, email: change.oldEmail }, change.newEmail));
  return { ok: true, email: change.newEmail };
}
