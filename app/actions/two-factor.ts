"use server";

import { revalidatePath } from "next/cache";
import { requireRecentAuthentication } from "@/lib/auth/step-up";
import { beginTwoFactorSetup, disableTwoFactor, enableTwoFactor, regenerateRecoveryCodes } from "@/lib/auth/two-factor";
import { secondFactorSchema } from "@/lib/auth/validation";
import { formFields, invalidInput, UNREADABLE_FORM, type ActionResult } from "@/lib/forms";
import { currentDevice, readSessionToken, setSessionCookie } from "@/lib/session/current";

// Two-factor authentication on /account/security; the rules are in lib/auth/two-factor.ts.
// Every action here needs a recent password (step-up), checked in the action itself: an
// action is an endpoint anyone holding the session can post to, page or no page. Outside
// the window it redirects to /account/confirm and back.

const SECURITY_PAGE = "/account/security";

/**
 * The form state of the two-factor forms: new recovery codes ride along, shown once, with
 * the time they were made so the page can tell the newest answer.
 */
export type TwoFactorFormState = (ActionResult & { recoveryCodes?: { codes: string[]; issuedAt: number } }) | null;

function wrongCode(): TwoFactorFormState {
  return { ok: false, message: "Please correct the highlighted fields.", fieldErrors: { code: ["Incorrect or already used code."] } };
}

export async function beginTwoFactorSetupAction(): Promise<TwoFactorFormState> {
  const { user } = await requireRecentAuthentication(SECURITY_PAGE);
  if (!(await beginTwoFactorSetup(user))) return { ok: false, message: "Two-factor authentication is already on." };
  revalidatePath("/", "layout");
  return { ok: true };
}

export async function enableTwoFactorAction(_previous: TwoFactorFormState, formData: unknown): Promise<TwoFactorFormState> {
  const { user } = await requireRecentAuthentication(SECURITY_PAGE);
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = secondFactorSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  const result = await enableTwoFactor(user, parsed.data.code, { previousToken: await readSessionToken(), device: await currentDevice() });
  if (!result.ok) {
    return result.reason === "wrong-code"
      ? wrongCode()
      : { ok: false, message: "This setup is no longer current. Press Set up two-factor authentication to start again." };
  }
  // Turning it on rotated this session: without the new cookie this browser would be out too.
  await setSessionCookie(result.session);
  revalidatePath("/", "layout");
  return { ok: true, message: `Two-factor authentication is on. ${otherSessionsEnded(result.session.endedSessions)}`, recoveryCodes: { codes: result.recoveryCodes, issuedAt: Date.now() } };
}

function otherSessionsEnded(count: number): string {
  if (count === 0) return "No other device was signed in.";
  return count === 1 ? "1 other session was signed out." : `${count} other sessions were signed out.`;
}

export async function disableTwoFactorAction(_previous: TwoFactorFormState, formData: unknown): Promise<TwoFactorFormState> {
  const { user } = await requireRecentAuthentication(SECURITY_PAGE);
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = secondFactorSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  const result = await disableTwoFactor(user, parsed.data.code, { previousToken: await readSessionToken(), device: await currentDevice() });
  if (!result.ok) return wrongCode();
  await setSessionCookie(result.session);
  revalidatePath("/", "layout");
  return { ok: true, message: "Two-factor authentication is off. Your password alone now signs you in." };
}

export async function regenerateRecoveryCodesAction(): Promise<TwoFactorFormState> {
  const { session, user } = await requireRecentAuthentication(SECURITY_PAGE);
  const recoveryCodes = await regenerateRecoveryCodes(user, { device: await currentDevice(), sessionId: session.id });
  if (!recoveryCodes) return { ok: false, message: "Two-factor authentication is off, so there are no recovery codes." };
  revalidatePath("/", "layout");
  return { ok: true, message: "New recovery codes are ready. The old ones no longer work.", recoveryCodes: { codes: recoveryCodes, issuedAt: Date.now() } };
}
