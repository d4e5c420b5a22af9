import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/app/_components/auth-card";
import { link } from "@/app/_components/styles";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

// Open to everyone, signed in or not: the answer never says whether an account exists, so
// there is nothing here to protect from anyone.
export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      intro="Enter the email address you sign in with. We will send a link to set a new password; setting it signs your account out on every device."
      footer={
        <>
          Remembered it?{" "}
          <Link href="/login" className={link}>
            Sign in
          </Link>
        </>
      }
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
