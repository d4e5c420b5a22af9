"use client";

import { useActionState } from "react";
import { registerAction } from "@/app/actions/auth";
import { ActionForm, Field, FormMessage, NewPasswordField, SubmitButton, useSubmittedValues } from "@/app/_components/form-controls";
import { button } from "@/app/_components/styles";

export function RegisterForm({ next, passwordMinLength }: { next: string; passwordMinLength: number }) {
  const [state, formAction] = useActionState(registerAction, null);
  const [values, remember] = useSubmittedValues();
  const errors = state?.ok === false ? state.fieldErrors : undefined;

  return (
    <ActionForm action={formAction} state={state} onSubmit={remember} className="space-y-5">
      <input type="hidden" name="next" value={next} />
      <Field label="Name" name="name" autoComplete="name" required maxLength={100} defaultValue={values.name} errors={errors?.name} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={values.email}
        errors={errors?.email}
      />
      <NewPasswordField label="Password" name="password" minLength={passwordMinLength} errors={errors?.password} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Creating account…" className={`${button("primary", "lg")} w-full`}>
        Create account
      </SubmitButton>
    </ActionForm>
  );
}
