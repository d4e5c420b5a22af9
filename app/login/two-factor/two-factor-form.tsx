"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button, link } from "@/app/_components/styles";
import { verifySignInCodeAction } from "./actions";

export function TwoFactorSignInForm() {
  const [state, formAction] = useActionState(verifySignInCodeAction, null);
  const errors = state?.ok === false ? state.fieldErrors : undefined;

  return (
    <form action={formAction} noValidate className="space-y-5">
      <Field
        label="Authentication code"
        name="code"
        type="text"
        // one-time-code lets phones offer a code they received; authenticator apps fill it too.
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        required
        autoFocus
        maxLength={64}
        hint="The 6-digit code from your authenticator app, or one of your recovery codes."
        errors={errors?.code}
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
    </form>
  );
}
