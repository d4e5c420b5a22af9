"use client";

import { useActionState, useEffect, useRef, type FormEvent } from "react";
import { changeEmailAction, changePasswordAction } from "@/app/actions/account";
import { ActionForm, Field, FormMessage, NewPasswordField, SubmitButton, useSubmittedValues } from "@/app/_components/form-controls";

// No defaultValue on either password field, ever: React resets the form after each
// submit, so after an error both are empty again, and no password sits in React state
// or in the page for longer than the request.
export function ChangePasswordForm({ passwordMinLength }: { passwordMinLength: number }) {
  const [state, formAction] = useActionState(changePasswordAction, null);
  const errors = state?.ok === false ? state.fieldErrors : undefined;

  return (
    <ActionForm action={formAction} state={state} className="space-y-5">
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        errors={errors?.currentPassword}
      />
      <NewPasswordField label="New password" name="newPassword" minLength={passwordMinLength} errors={errors?.newPassword} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Changing password…">Change password</SubmitButton>
    </ActionForm>
  );
}

// Changing the email needs a recent password (step-up). When the window has passed, the
// action sends the browser to /account/confirm and the confirm page brings it back here:
// a full round trip, after which this form starts empty. So the address typed is kept as
// a draft in sessionStorage on submit and put back when the form appears again. An email
// address only, never a password; sessionStorage is this tab's alone, gone when the tab
// closes, and wiped at sign-out by its Clear-Site-Data "storage" answer. The draft is
// dropped once the link has been sent.
const DRAFT_KEY = "account-security:new-email";

export function ChangeEmailForm() {
  const [state, formAction] = useActionState(changeEmailAction, null);
  const [values, remember] = useSubmittedValues();
  const formRef = useRef<HTMLFormElement>(null);
  const errors = state?.ok === false ? state.fieldErrors : undefined;

  useEffect(() => {
    const draft = sessionStorage.getItem(DRAFT_KEY);
    const field = formRef.current?.elements.namedItem("email");
    // An uncontrolled field: writing its DOM value is what typing would do.
    if (draft && field instanceof HTMLInputElement && field.value === "") field.value = draft;
  }, []);

  useEffect(() => {
    if (state?.ok) sessionStorage.removeItem(DRAFT_KEY);
  }, [state]);

  function saveDraft(event: FormEvent<HTMLFormElement>) {
    remember(event);
    const email = new FormData(event.currentTarget).get("email");
    if (typeof email === "string" && email.trim() !== "") sessionStorage.setItem(DRAFT_KEY, email);
  }

  return (
    <ActionForm ref={formRef} action={formAction} state={state} onSubmit={saveDraft} className="space-y-5">
      <Field
        label="New email"
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        // After success the field empties: the address is in the message above it.
        defaultValue={state?.ok ? "" : values.email}
        errors={errors?.email}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Sending link…">Change email</SubmitButton>
    </ActionForm>
  );
}
