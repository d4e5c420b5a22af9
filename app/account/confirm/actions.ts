"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentSignInSubject } from "@/app/_lib/sign-in-subject";
import { confirmPath, safeReturnPath } from "@/lib/auth/return-path";
import { hasTwoFactor } from "@/lib/auth/second-factor";
import { reauthenticate } from "@/lib/auth/step-up";
import { confirmIdentitySchema } from "@/lib/auth/validation";
import { formFields, invalidInput, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { tooManyAttempts, underThrottle } from "@/lib/security/throttle";
import { currentDevice, readSessionToken, requireUser, setSessionCookie } from "@/lib/session/current";

// The confirm page's action: the signed-in user proves who they are again. Entering sudo
// mode raises what the session may do, so it is treated like a sign-in: the session is
// rotated (a new token, the old one dead at once) and the sudo window starts again from
// the new row's authenticatedAt. A wrong password changes nothing at all.

export async function confirmIdentityAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  // Only a path on this site: `next` is whatever the form (or a forged post) carried.
  const next = safeReturnPath(fields?.next);
  const { user } = await requireUser(confirmPath(next));
  if (!fields) return UNREADABLE_FORM;
  const parsed = confirmIdentitySchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  const needsCode = await hasTwoFactor(user.id);
  if (needsCode && parsed.data.code === "") {
    return { ok: false, message: "Please correct the highlighted fields.", fieldErrors: { code: ["Enter the code from your authenticator app, or a recovery code."] } };
  }

  // Throttled like sign-in, on the same counters: a stolen session must not become a way
  // to guess the owner's password (or code).
  const device = await currentDevice();
  const subject = await currentSignInSubject(user.email, device);
  const outcome = await underThrottle(subject, async () => {
    const confirmed = await reauthenticate(user, parsed.data.password, { previousToken: await readSessionToken(), device }, parsed.data.code);
    return confirmed
      ? { ok: true, value: confirmed }
      : { ok: false, failure: { type: "SIGN_IN_FAILED", userId: user.id, reason: needsCode ? "wrong_password_or_code" : "wrong_password", device } };
  });
  // The password of the signed-in user, so there is no account to enumerate: the message
  // can say what was wrong. With two-factor on it does not say which of the two, so the
  // form cannot be used to test passwords one at a time without a code.
  if (!outcome.ok) {
    if (outcome.waitSeconds > 0) return { ok: false, message: tooManyAttempts(outcome.waitSeconds) };
    return { ok: false, message: needsCode ? "Incorrect password or authentication code." : "Incorrect password." };
  }

  await setSessionCookie(outcome.value);
  // See app/actions/auth.ts for why every action ends with this before redirecting.
  revalidatePath("/", "layout");
  redirect(next);
}
