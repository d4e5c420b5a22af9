"use client";

import { createContext, useActionState, useContext, type ReactNode } from "react";
import { revokeOtherSessionsAction, revokeSessionAction } from "@/app/actions/sessions";
import { FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button } from "@/app/_components/styles";

// A revoked session's row disappears from the list, and with it anything the row held: a
// confirmation rendered inside it would vanish before a screen reader read it. So the one
// useActionState of the Revoke buttons lives here, above the rows, and its live region
// stays on the page after the row is gone ("Signed out Firefox on Windows."). Each row's
// form only borrows the action through context.

type RevokeAction = (formData: FormData) => void;

const RevokeContext = createContext<RevokeAction | null>(null);

export function RevokeSessions({ children }: { children: ReactNode }) {
  const [state, formAction] = useActionState(revokeSessionAction, null);
  return (
    <RevokeContext value={formAction}>
      <div className="mt-4">
        <FormMessage state={state} />
      </div>
      {children}
    </RevokeContext>
  );
}

// The session id in the hidden field is not a secret (it is a hash, not the token), and
// it is not trusted either: the action deletes it only together with the signed-in
// user's id, so an id of someone else's session matches nothing.
export function RevokeSessionForm({ sessionId, describedBy }: { sessionId: string; describedBy: string }) {
  const formAction = useContext(RevokeContext);
  if (!formAction) throw new Error("RevokeSessionForm must be inside RevokeSessions");
  return (
    <form action={formAction}>
      <input type="hidden" name="sessionId" value={sessionId} />
      <SubmitButton className={button("danger", "sm")} pendingLabel="Revoking…" aria-describedby={describedBy}>
        Revoke
      </SubmitButton>
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
