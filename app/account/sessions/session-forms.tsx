"use client";

import { useActionState } from "react";
import { revokeOtherSessionsAction, revokeSessionAction } from "@/app/actions/sessions";
import { FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button } from "@/app/_components/styles";

// The session id in the hidden field is not a secret (it is a hash, not the token), and
// it is not trusted either: the action deletes it only together with the signed-in
// user's id, so an id of someone else's session matches nothing.
export function RevokeSessionForm({ sessionId, describedBy }: { sessionId: string; describedBy: string }) {
  const [state, formAction] = useActionState(revokeSessionAction, null);
  return (
    <form action={formAction} className="flex flex-col gap-2 sm:items-end">
      <input type="hidden" name="sessionId" value={sessionId} />
      <SubmitButton className={button("danger", "sm")} pendingLabel="Revoking…" aria-describedby={describedBy}>
        Revoke
      </SubmitButton>
      {/* On success the row disappears; a failure is said here, next to the button. */}
      <FormMessage state={state?.ok === false ? state : null} />
    </form>
  );
}

// Stays mounted when the last other session is gone, so its confirmation can still be
// read out; only the button depends on there being something to sign out.
export function RevokeOthersForm({ hasOthers }: { hasOthers: boolean }) {
  const [state, formAction] = useActionState(revokeOtherSessionsAction, null);
  return (
    <form action={formAction} className="mt-6 space-y-3">
      {hasOthers && (
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-stone-600">Lost a phone or used a shared computer? End every session except this one.</p>
          <SubmitButton className={`${button("danger")} shrink-0`} pendingLabel="Signing out…">
            Sign out all other sessions
          </SubmitButton>
        </div>
      )}
      <FormMessage state={state} />
    </form>
  );
}
