"use client";

import Link from "next/link";
import { useActionState } from "react";
import { ActionForm, AuthenticationCodeField, FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button, link } from "@/app/_components/styles";
import { verifySignInCodeAction } from "./actions";

export function TwoFactorSignInForm() {
  const [state, formAction] = useActionState(verifySignInCodeAction, null);
  const errors = state?.ok === false ? state.fieldErrors : undefined;

  return (
    <ActionForm action={formAction} state={state} className="space-y-5">
      <AuthenticationCodeField
        hint="The 6-digit code from your authenticator app, or one of your recovery codes."
        errors={errors?.code}
        autoFocus
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Verifying…" className={`${button("primary", "lg")} w-full`}>
        Verify
      </SubmitButton>
      <p className="text-center text-sm">
        <Link href="/login" className={link}>
          Start over with your password
        </Link>
      </p>
    </ActionForm>
  );
}
