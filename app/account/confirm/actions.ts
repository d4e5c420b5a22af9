"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { readDeviceCookie } from "@/app/_lib/device-cookie";
import { confirmPath, safeReturnPath } from "@/lib/auth/return-path";
import { reauthenticate } from "@/lib/auth/step-up";
import { confirmIdentitySchema } from "@/lib/auth/validation";
import { formFields, invalidInput, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { signInSubject, tooManyAttempts, underThrottle } from "@/lib/security/throttle";
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

  // Throttled like sign-in, on the same counters: a stolen session must not become a way
  // to guess the owner's password.
  const device = await currentDevice();
  const subject = await signInSubject(user.email, device.ipAddress, (await readDeviceCookie())?.hash ?? null);
  const outcome = await underThrottle(subject, async () => {
    const confirmed = await reauthenticate(user, parsed.data.password, { previousToken: await readSessionToken(), device });
    return confirmed
      ? { ok: true, value: confirmed }
      : { ok: false, failure: { type: "SIGN_IN_FAILED", userId: user.id, reason: "wrong_password", device } };
  });
  // The password of the signed-in user, so there is no account to enumerate: the message
  // can say exactly what was wrong.
  if (!outcome.ok) return { ok: false, message: outcome.waitSeconds > 0 ? tooManyAttempts(outcome.waitSeconds) : "Incorrect password." };

  await setSessionCookie(outcome.value);
  // See app/actions/auth.ts for why every action ends with this before redirecting.
  revalidatePath("/", "layout");
  redirect(next);
}
