import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/app/_components/auth-card";
import { button } from "@/app/_components/styles";
import { readPendingSignInToken } from "@/app/_lib/pending-sign-in-cookie";
import { isLivePendingSignIn, MAX_CODE_FAILURES, PENDING_SIGN_IN_TTL_MS } from "@/lib/auth/pending-sign-in";
import { TwoFactorSignInForm } from "./two-factor-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

// The page between the password and a signed-in session, for accounts with two-factor
// on. It shows the form only to a browser holding a live pending sign-in; anyone else (no
// password entered, five wrong codes, or more than five minutes) is sent back to the
// password, told why in words that fit every one of those cases.
export default async function TwoFactorSignInPage() {
  const minutes = PENDING_SIGN_IN_TTL_MS / 60_000;
  if (!(await isLivePendingSignIn(await readPendingSignInToken()))) {
    return (
      <AuthCard
        title="Sign in again"
        intro={`This sign-in has ended: a code must be entered within ${minutes} minutes of the password, and after ${MAX_CODE_FAILURES} wrong codes the password is needed again.`}
        footer={null}
      >
        <Link href="/login" className={`${button("primary", "lg")} w-full`}>
          Sign in
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Two-factor authentication"
      intro={`Enter the code your authenticator app shows for this shop. You have ${minutes} minutes.`}
      footer="Lost your authenticator? Use one of your recovery codes instead; each works once."
    >
      <TwoFactorSignInForm />
    </AuthCard>
  );
}
