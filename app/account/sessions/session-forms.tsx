"use client";

import { createContext, useActionState, useContext, useId, type ReactNode } from "react";
import type { FormState } from "@/lib/forms";
import { revokeOtherSessionsAction, revokeSessionAction } from "@/app/actions/sessions";
import { ActionForm, FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button } from "@/app/_components/styles";

// A revoked session's row disappears from the list, and with it anything the row held: a
// confirmation rendered inside it would vanish before a screen reader read it. So the one
// useActionState of the Revoke buttons lives here, above the rows, and its live region
// stays on the page after the row is gone ("Signed out Firefox on Windows."). Each row's
// form only borrows the action through context.

type Revoke = { formAction: (formData: FormData) => void; state: FormState; messageId: string };

const RevokeContext = createContext<Revoke | null>(null);

export function RevokeSessions({ children }: { children: ReactNode }) {
  const [state, formAction] = useActionState(revokeSessionAction, null);
  const messageId = useId();
  return (
    <RevokeContext value={{ formAction, state, messageId }}>
      <div className="mt-4">
        <FormMessage id={messageId} state={state} />
      </div>
      {children}
    </RevokeContext>
  );
}

// The session id in the hidden field is not a secret (it is a hash, not the token), and
// it is not trusted either: the action deletes it only together with the signed-in
// user's id, so an id of someone else's session matches nothing.
export function RevokeSessionForm({ sessionId, describedBy }: { sessionId: string; describedBy: string }) {
  const revoke = useContext(RevokeContext);
  if (!revoke) throw new Error("RevokeSessionForm must be inside RevokeSessions");
  return (
    <ActionForm action={revoke.formAction} state={revoke.state} messageId={revoke.messageId}>
      <input type="hidden" name="sessionId" value={sessionId} />
      <SubmitButton className={button("danger", "sm")} pendingLabel="Revoking…" aria-describedby={describedBy}>
        Revoke
      </SubmitButton>
    </ActionForm>
  );
}

// Stays mounted when the last other session is gone, so its confirmation can still be
// read out; only the button depends on there being something to sign out.
export function RevokeOthersForm({ hasOthers }: { hasOthers: boolean }) {
  const [state, formAction] = useActionState(revokeOtherSessionsAction, null);
  return (
    <ActionForm action={formAction} state={state} className="mt-6 space-y-3">
      {hasOthers && (
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-stone-600">Lost a phone or used a shared computer? End every session except this one.</p>
          <SubmitButton className={`${button("danger")} shrink-0`} pendingLabel="Signing out…">
            Sign out all other sessions
          </SubmitButton>
        </div>
      )}
      <FormMessage state={state} />
    </ActionForm>
  );
}
