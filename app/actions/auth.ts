"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { completeSignIn } from "@/app/_lib/complete-sign-in";
import { readPendingSignInToken, setPendingSignInCookie } from "@/app/_lib/pending-sign-in-cookie";
import { TWO_FACTOR_SIGN_IN_PATH } from "@/app/_lib/two-factor-path";
import { currentSignInSubject } from "@/app/_lib/sign-in-subject";
import { authenticate, registerUser } from "@/lib/auth/accounts";
import { requireSecondFactor } from "@/lib/auth/pending-sign-in";
import { hasTwoFactor } from "@/lib/auth/second-factor";
import { safeReturnPath } from "@/lib/auth/return-path";
import { registerSchema, signInSchema } from "@/lib/auth/validation";
import { formFields, invalidInput, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { takeAttempt, tooManyAttempts, tooManyRequests, underThrottle } from "@/lib/security/throttle";
import { currentDevice } from "@/lib/session/current";

// Every action that changes what a page shows ends with revalidatePath("/", "layout"):
// in a server action it re-renders the current page with the root layout (the header's
// name, cart badge and Sign out button) in the same response, and drops every page the
// client router kept, so no page rendered for the previous state comes back on a later
// navigation. It comes before redirect(), which throws (Next.js's mutating-data guide).

// Password sign-in is the app's own action rather than Auth.js's Credentials provider,
// because that provider refuses database sessions. It ends in the same Session table,
// under the same cookie, so auth() and /api/auth/session see the user at once.

const INCORRECT = "Incorrect email or password.";

export async function signInAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = signInSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  const device = await currentDevice();
  const subject = await currentSignInSubject(parsed.data.email, device);
  const outcome = await underThrottle(subject, async () => {
    const result = await authenticate(parsed.data);
    return result.ok
      ? { ok: true, value: result.user, complete: !(await hasTwoFactor(result.user.id)) }
      : { ok: false, failure: { type: "SIGN_IN_FAILED", userId: result.userId, reason: result.reason, device } };
  });
  // One message for an unknown email and a wrong password: no account enumeration. The
  // wait is counted the same way for both, so it tells nothing either.
  if (!outcome.ok) return { ok: false, message: outcome.waitSeconds > 0 ? tooManyAttempts(outcome.waitSeconds) : INCORRECT };

  // With two-factor on, the password alone signs nobody in: the browser gets a pending
  // sign-in to finish with a code, and no session (lib/auth/pending-sign-in.ts).
  const pending = await requireSecondFactor(outcome.value, { device, returnTo: safeReturnPath(fields.next), replacing: await readPendingSignInToken() });
  if (pending) {
    await setPendingSignInCookie(pending);
    redirect(TWO_FACTOR_SIGN_IN_PATH);
  }

  await completeSignIn(outcome.value);
  revalidatePath("/", "layout");
  redirect(safeReturnPath(fields.next));
}

export async function registerAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = registerSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);
  // Each registration costs a bcrypt hash and a row: a few an hour per address is plenty.
  const wait = await takeAttempt("register", (await currentDevice()).ipAddress);
  if (wait > 0) return { ok: false, message: tooManyRequests(wait) };

  const result = await registerUser(parsed.data);
  if (!result.ok) {
    return {
      ok: false,
      message: "Please correct the highlighted fields.",
      fieldErrors: { email: ["An account with this email already exists. Sign in instead."] },
    };
  }

  await completeSignIn(result.user, { firstSignIn: true });
  revalidatePath("/", "layout");
  redirect(safeReturnPath(fields.next));
}
