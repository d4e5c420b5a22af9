"use server";

import { revalidatePath } from "next/cache";
import { after } from "next/server";
import { currentSignInSubject } from "@/app/_lib/sign-in-subject";
import { confirmEmailChange, requestEmailChange } from "@/lib/auth/email-change";
import { changePassword, requestPasswordReset, resetPassword } from "@/lib/auth/password-changes";
import { requireRecentAuthentication } from "@/lib/auth/step-up";
import { changeEmailSchema, changePasswordSchema, forgotPasswordSchema, resetPasswordSchema } from "@/lib/auth/validation";
import { env } from "@/lib/env";
import { formFields, invalidInput, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { requestLog } from "@/lib/log";
import { takeAttempt, tooManyAttempts, tooManyRequests, underThrottle } from "@/lib/security/throttle";
import { currentDevice, readSessionToken, requireUser, setSessionCookie } from "@/lib/session/current";

// The account's credentials: a new password (from /account/security, or from a reset link
// for someone who forgot it) and a new email address. lib/auth/password-changes.ts and
// lib/auth/email-change.ts hold the rules; these actions read the form and the request,
// and write the rotated session's cookie. Actions that change what a page shows end with
// revalidatePath("/", "layout"), as everywhere in the shop (app/actions/auth.ts).

const SECURITY_PAGE = "/account/security";

/** One answer for every link that cannot be used, whatever the reason. */
const INVALID_LINK = "This link is no longer valid.";

export async function changePasswordAction(_previous: FormState, formData: unknown): Promise<FormState> {
  // No step-up here: the form asks for the current password, which is a fresher proof.
  const { user } = await requireUser(SECURITY_PAGE);
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = changePasswordSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  // The current password is checked under the sign-in throttle, on the same counters: a
  // stolen session must not become a way to guess it.
  const device = await currentDevice();
  const subject = await currentSignInSubject(user.email, device);
  const outcome = await underThrottle(subject, async () => {
    const result = await changePassword(user, parsed.data, { previousToken: await readSessionToken(), device });
    return result.ok
      ? { ok: true, value: result.session }
      : { ok: false, failure: { type: "SIGN_IN_FAILED", userId: user.id, reason: "wrong_password", device } };
  });
  if (!outcome.ok) {
    if (outcome.waitSeconds > 0) return { ok: false, message: tooManyAttempts(outcome.waitSeconds) };
    return { ok: false, message: "Please correct the highlighted fields.", fieldErrors: { currentPassword: ["Incorrect password."] } };
  }
  // The old token died in the transaction; without the new one this browser would be out too.
  await setSessionCookie(outcome.value);
  revalidatePath("/", "layout");
  return { ok: true, message: `Password changed. ${otherSessionsEnded(outcome.value.endedSessions)}` };
}

function otherSessionsEnded(count: number): string {
  if (count === 0) return "No other device was signed in.";
  return count === 1 ? "1 other session was signed out." : `${count} other sessions were signed out.`;
}

export async function changeEmailAction(_previous: FormState, formData: unknown): Promise<FormState> {
  // Step-up in the action itself: it is an endpoint anyone holding the session can post
  // to, page or no page. Outside the window this redirects to /account/confirm and back.
  const { user } = await requireRecentAuthentication(SECURITY_PAGE);
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = changeEmailSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  const { email } = parsed.data;
  const result = await requestEmailChange(user, email, await currentDevice());
  if (!result.ok) {
    return result.reason === "same-email"
      ? { ok: false, message: "Please correct the highlighted fields.", fieldErrors: { email: ["That is already your email address."] } }
      : { ok: false, message: "The confirmation link could not be sent. Try again in a few minutes." };
  }
  // Nothing any page shows has changed yet (the address changes when the link is opened),
  // so there is nothing to revalidate.
  return { ok: true, message: `We sent a confirmation link to ${email}. Your email changes when you open it.` };
}

export async function forgotPasswordAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = forgotPasswordSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  // Counted per address before anything else, whatever the email: the answer below stays
  // the same for every address, and one network cannot fill a victim's inbox.
  const wait = await takeAttempt("password-reset", (await currentDevice()).ipAddress);
  if (wait > 0) return { ok: false, message: tooManyRequests(wait) };

  const { email } = parsed.data;
  const device = await currentDevice();
  // The lookup, the token and the mail run after the answer has been sent, so its timing
  // cannot tell whether the address has an account, and the words are the same either way.
  after(async () => {
    try {
      await requestPasswordReset(email, device);
    } catch (error) {
      // Never the address: the log must not become a list of who asked for what.
      (await requestLog()).error({ event: "password_reset_failed", err: error }, "a password reset link could not be sent");
    }
  });
  const minutes = Math.round(env.PASSWORD_RESET_TTL_SECONDS / 60);
  return {
    ok: true,
    message: `If an account uses that address, we sent it a link to set a new password. The link works once, for ${minutes} minutes.`,
  };
}

export async function resetPasswordAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = resetPasswordSchema.safeParse(fields);
  if (!parsed.success) {
    // The token is a hidden field: if it is what is wrong, the link is, not the user's typing.
    return parsed.error.issues.some((issue) => issue.path[0] === "token") ? { ok: false, message: INVALID_LINK } : invalidInput(parsed.error);
  }

  const { token, newPassword } = parsed.data;
  const result = await resetPassword(token, newPassword, { previousToken: await readSessionToken(), device: await currentDevice() });
  // Used, expired, replaced by a newer link, unknown or garbage: one answer for all.
  if (!result.ok) return { ok: false, message: INVALID_LINK };
  // Said by this answer, on the page that made the change, never by a URL: a link cannot
  // make the shop claim that every other device was signed out when it was not.
  if (!result.session) {
    // Two-factor is on: the link alone signs nobody in (lib/auth/password-changes.ts).
    revalidatePath("/", "layout");
    return { ok: true, message: "Your new password is set, and every device was signed out. Sign in with it and a code from your authenticator app." };
  }
  await setSessionCookie(result.session);
  revalidatePath("/", "layout");
  return { ok: true, message: "Your new password is set. Every other device was signed out, and you are signed in here." };
}

export async function confirmEmailChangeAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;

  // The token is checked (shape, then the hash in the database) by confirmEmailChange.
  const result = await confirmEmailChange(fields.token, await currentDevice());
  if (!result.ok) {
    return result.reason === "email-taken"
      ? { ok: false, message: "Another account uses that address now, so your email address was not changed." }
      : { ok: false, message: `${INVALID_LINK} Ask for a new one on your account's Security page.` };
  }
  revalidatePath("/", "layout");
  return { ok: true, message: `Your email address is now ${result.email}. Sign in with it from now on.` };
}
