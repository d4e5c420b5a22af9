"use client";

import { useActionState } from "react";
import { forgotPasswordAction } from "@/app/actions/account";
import { ActionForm, Field, FormMessage, SubmitButton, useSubmittedValues } from "@/app/_components/form-controls";
import { button } from "@/app/_components/styles";

export function ForgotPasswordForm() {
  const [state, formAction] = useActionState(forgotPasswordAction, null);
  const [values, remember] = useSubmittedValues();
  const errors = state?.ok === false ? state.fieldErrors : undefined;

  return (
    <ActionForm action={formAction} state={state} onSubmit={remember} className="space-y-5">
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        maxLength={254}
        defaultValue={values.email}
        errors={errors?.email}
      />
      {/* The same words for every address that is well formed, with an account or without. */}
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Sending…" className={`${button("primary", "lg")} w-full`}>
        Send reset link
      </SubmitButton>
    </ActionForm>
  );
}
