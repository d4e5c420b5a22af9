"use client";

import { useActionState } from "react";
import { ActionForm, AuthenticationCodeField, Field, FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button } from "@/app/_components/styles";
import { confirmIdentityAction } from "./actions";

export function ConfirmForm({ next, email, askForCode }: { next: string; email: string; askForCode: boolean }) {
  const [state, formAction] = useActionState(confirmIdentityAction, null);
  const errors = state?.ok === false ? state.fieldErrors : undefined;

  return (
    <ActionForm action={formAction} state={state} className="space-y-5">
      <input type="hidden" name="next" value={next} />
      {/* Tells password managers which account the password belongs to; the action ignores
          it and confirms the password of the signed-in user, whoever this says. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        autoFocus
        errors={errors?.password}
      />
      {/* Shown for a user with two-factor on; the action asks the database, not this form,
          whether a code is needed. */}
      {askForCode && <AuthenticationCodeField hint="From your authenticator app, or one of your recovery codes." errors={errors?.code} />}
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Confirming…" className={`${button("primary", "lg")} w-full`}>
        Confirm
      </SubmitButton>
    </ActionForm>
  );
}
