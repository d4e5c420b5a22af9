"use client";

import Link from "next/link";
import { useActionState } from "react";
import { resetPasswordAction } from "@/app/actions/account";
import { AuthCard } from "@/app/_components/auth-card";
import { ActionForm, FormMessage, NewPasswordField, SubmitButton } from "@/app/_components/form-controls";
import { button, link } from "@/app/_components/styles";

// The whole page, as one client component, so the action's answer survives the page's
// own refresh: once the password is set the link is used up, and the server renders this
// page with `live` false; the panel keeps its state and goes on showing what happened.
export function ResetPasswordPanel({
  token,
  live,
  passwordMinLength,
  linkMinutes,
}: {
  token: string;
  live: boolean;
  passwordMinLength: number;
  linkMinutes: number;
}) {
  const [state, formAction] = useActionState(resetPasswordAction, null);

  if (state?.ok) {
    return (
      <AuthCard title="Password set" intro={state.message ?? ""} footer={null}>
        <div className="flex flex-wrap gap-3">
          <Link href="/account/security" className={button()}>
            Account security
          </Link>
          <Link href="/" className={button("secondary")}>
            Continue shopping
          </Link>
        </div>
      </AuthCard>
    );
  }

  // A refusal without field errors is the link's fault (used meanwhile, or expired while
  // the form was open), not the password's.
  if (!live || (state?.ok === false && !state.fieldErrors)) {
    return (
      <AuthCard
        title="This link is no longer valid"
        intro={`A reset link works once, for ${linkMinutes} minutes, and only the newest one you asked for works. Ask for a new link and use it soon.`}
        footer={
          <>
            Remembered your password?{" "}
            <Link href="/login" className={link}>
              Sign in
            </Link>
          </>
        }
      >
        <Link href="/forgot-password" className={`${button("primary", "lg")} w-full`}>
          Ask for a new link
        </Link>
      </AuthCard>
    );
  }

  const errors = state?.ok === false ? state.fieldErrors : undefined;
  return (
    <AuthCard
      title="Set a new password"
      intro="Choose a new password. Setting it signs your account out on every device, and signs you in here."
      footer={null}
    >
      <ActionForm action={formAction} state={state} className="space-y-5">
        {/* Sent back with the password; the action checks it again. */}
        <input type="hidden" name="token" value={token} />
        <NewPasswordField label="New password" name="newPassword" minLength={passwordMinLength} errors={errors?.newPassword} />
        <FormMessage state={state} />
        <SubmitButton pendingLabel="Setting password…" className={`${button("primary", "lg")} w-full`}>
          Set new password
        </SubmitButton>
      </ActionForm>
    </AuthCard>
  );
}
