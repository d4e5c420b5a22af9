"use client";

import { useActionState } from "react";
import { ActionForm, FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { SessionSummary } from "@/app/_components/session-summary";
import { button, card } from "@/app/_components/styles";
import { changeRoleAction, revokeUserSessionAction, setAccountStatusAction, signOutEverywhereAction } from "./actions";

// The buttons of one user's admin page. Each is a small form of its own that says what it
// did next to the button. The hidden fields (the user's id, the role or status asked for)
// are not trusted: the actions check the admin first and look everything up again.

export function RoleForm({ userId, role }: { userId: string; role: "ADMIN" | "CUSTOMER" }) {
  const [state, formAction] = useActionState(changeRoleAction, null);
  const makeAdmin = role === "CUSTOMER";
  return (
    <ActionForm action={formAction} state={state} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="role" value={makeAdmin ? "ADMIN" : "CUSTOMER"} />
      <SubmitButton className={button("secondary")} pendingLabel="Saving…">
        {makeAdmin ? "Make admin" : "Make customer"}
      </SubmitButton>
      <FormMessage state={state} />
    </ActionForm>
  );
}

export function AccountStatusForm({ userId, disabled }: { userId: string; disabled: boolean }) {
  const [state, formAction] = useActionState(setAccountStatusAction, null);
  return (
    <ActionForm action={formAction} state={state} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="status" value={disabled ? "enabled" : "disabled"} />
      <SubmitButton className={button(disabled ? "secondary" : "danger")} pendingLabel="Saving…">
        {disabled ? "Enable account" : "Disable account"}
      </SubmitButton>
      <FormMessage state={state} />
    </ActionForm>
  );
}

export function SignOutEverywhereForm({ userId }: { userId: string }) {
  const [state, formAction] = useActionState(signOutEverywhereAction, null);
  return (
    <ActionForm action={formAction} state={state} className="space-y-2">
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton className={button("danger")} pendingLabel="Signing out…">
        Sign out everywhere
      </SubmitButton>
      <FormMessage state={state} />
    </ActionForm>
  );
}

/** One live session, described on the server; `current` marks the admin's own. */
export type SessionRow = { id: string; device: string; ipAddress: string | null; createdAt: Date; lastSeenAt: Date; current: boolean };

// One action state for the whole list: a revoked session's row disappears, and the
// message saying what happened must outlive it.
export function UserSessions({ userId, sessions }: { userId: string; sessions: SessionRow[] }) {
  const [state, formAction] = useActionState(revokeUserSessionAction, null);
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      {sessions.length === 0 ? (
        <p className="text-stone-600">No live sessions: this user is signed out everywhere.</p>
      ) : (
        <ul aria-label="Sessions" className={`${card} divide-y divide-stone-200`}>
          {sessions.map((session) => {
            const labelId = `session-${session.id.slice(0, 12)}`;
            return (
              <li key={session.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center">
                <SessionSummary
                  labelId={labelId}
                  device={session.device}
                  current={session.current}
                  ipAddress={session.ipAddress}
                  createdAt={session.createdAt}
                  lastSeenAt={session.lastSeenAt}
                />
                {/* The admin's own session here ends with Sign out, as on the sessions page. */}
                {!session.current && (
                  <ActionForm action={formAction} state={state}>
                    <input type="hidden" name="userId" value={userId} />
                    <input type="hidden" name="sessionId" value={session.id} />
                    <SubmitButton className={button("danger", "sm")} pendingLabel="Revoking…" aria-describedby={labelId}>
                      Revoke
                    </SubmitButton>
                  </ActionForm>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
