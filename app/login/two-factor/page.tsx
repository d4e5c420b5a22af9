import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/_components/auth-card";
import { readPendingSignInToken } from "@/app/_lib/pending-sign-in-cookie";
import { isLivePendingSignIn, PENDING_SIGN_IN_TTL_MS } from "@/lib/auth/pending-sign-in";
import { TwoFactorSignInForm } from "./two-factor-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

// The page between the password and a signed-in session, for accounts with two-factor
// on. It shows the form only to a browser holding a live pending sign-in; anyone else
// (no password entered, or it expired) goes back to the password.
export default async function TwoFactorSignInPage() {
  if (!(await isLivePendingSignIn(await readPendingSignInToken()))) redirect("/login");

  return (
    <AuthCard
      title="Two-factor authentication"
      intro={`Enter the code your authenticator app shows for this shop. You have ${PENDING_SIGN_IN_TTL_MS / 60_000} minutes.`}
      footer="Lost your authenticator? Use one of your recovery codes instead; each works once."
    >
      <TwoFactorSignInForm />
    </AuthCard>
  );
}
