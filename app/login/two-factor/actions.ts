"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { completeSignIn } from "@/app/_lib/complete-sign-in";
import { readDeviceCookie } from "@/app/_lib/device-cookie";
import { clearPendingSignInCookie, readPendingSignInToken } from "@/app/_lib/pending-sign-in-cookie";
import { verifyPendingSignIn } from "@/lib/auth/pending-sign-in";
import { secondFactorSchema } from "@/lib/auth/validation";
import { formFields, invalidInput, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { tooManyAttempts } from "@/lib/security/throttle";
import { currentDevice } from "@/lib/session/current";

// The second step of a sign-in with two-factor on. Only here, with a valid code, does the
// browser get a signed-in session: completeSignIn rotates whatever session it held.

const START_OVER = "Sign in again with your password.";

export async function verifySignInCodeAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = secondFactorSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  const result = await verifyPendingSignIn(await readPendingSignInToken(), parsed.data.code, {
    device: await currentDevice(),
    deviceHash: (await readDeviceCookie())?.hash ?? null,
  });
  if (!result.ok) {
    if (result.reason === "throttled") return { ok: false, message: tooManyAttempts(result.waitSeconds) };
    if (result.reason === "wrong-code") {
      const left = result.attemptsLeft === 1 ? "1 more try" : `${result.attemptsLeft} more tries`;
      return { ok: false, message: `That code is not right. You have ${left}.`, fieldErrors: { code: ["Incorrect or already used code."] } };
    }
    // The pending sign-in is gone. Its cookie, which now names nothing, is left to expire
    // (within minutes) or be replaced by the next password: deleting it here would
    // re-render the page under this answer, and the user would lose the words of it.
    return result.reason === "expired"
      ? { ok: false, message: `This sign-in has expired. ${START_OVER}` }
      : { ok: false, message: `Too many wrong codes. ${START_OVER}` };
  }

  await clearPendingSignInCookie();
  await completeSignIn(result.user);
  revalidatePath("/", "layout");
  redirect(result.returnTo);
}
