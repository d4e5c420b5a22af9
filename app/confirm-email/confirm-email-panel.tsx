"use client";

import Link from "next/link";
import { useActionState } from "react";
import { confirmEmailChangeAction } from "@/app/actions/account";
import { AuthCard } from "@/app/_components/auth-card";
import { ActionForm, SubmitButton } from "@/app/_components/form-controls";
import { button } from "@/app/_components/styles";

const securityLink = (
  <Link href="/account/security" className={button("secondary")}>
    Account security
  </Link>
);

// The whole page as one client component, so the action's answer survives the page's own
// refresh (the link is used up by then, and the server renders the page as if it were dead).
export function ConfirmEmailPanel({ token, newEmail, linkMinutes }: { token: string; newEmail: string | null; linkMinutes: number }) {
  const [state, formAction] = useActionState(confirmEmailChangeAction, null);

  if (state) {
    return (
      <AuthCard title={state.ok ? "Email address changed" : "Email address not changed"} intro="" footer={null}>
        <p role="status" className="mb-5 text-stone-800">
          {state.message}
        </p>
        {securityLink}
      </AuthCard>
    );
  }

  if (newEmail === null) {
    return (
      <AuthCard
        title="This link is no longer valid"
        intro={`A confirmation link works once, for ${linkMinutes} minutes, and only the newest one you asked for works. Your email address has not changed.`}
        footer={null}
      >
        {securityLink}
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Confirm your new email address"
      intro={`Press the button to make ${newEmail} the address you sign in with. If you did not ask for this, close this page: nothing changes.`}
      footer={null}
    >
      <ActionForm action={formAction} state={state}>
        <input type="hidden" name="token" value={token} />
        <SubmitButton pendingLabel="Confirming…" className={`${button("primary", "lg")} w-full`}>
          Confirm email change
        </SubmitButton>
      </ActionForm>
    </AuthCard>
  );
}
