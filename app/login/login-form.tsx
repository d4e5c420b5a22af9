"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signInAction } from "@/app/actions/auth";
import { ActionForm, Field, FormMessage, SubmitButton, useSubmittedValues } from "@/app/_components/form-controls";
import { button, link } from "@/app/_components/styles";

export function LoginForm({ next }: { next: string }) {
  const [state, formAction] = useActionState(signInAction, null);
  const [values, remember] = useSubmittedValues();
  const errors = state?.ok === false ? state.fieldErrors : undefined;

  return (
    <ActionForm action={formAction} state={state} onSubmit={remember} className="space-y-5">
      <input type="hidden" name="next" value={next} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={values.email}
        errors={errors?.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        errors={errors?.password}
      />
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className={link}>
          Forgot your password?
        </Link>
      </p>
      {/* "Incorrect email or password" belongs to neither field alone: it is a form message. */}
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Signing in…" className={`${button("primary", "lg")} w-full`}>
        Sign in
      </SubmitButton>
    </ActionForm>
  );
}
