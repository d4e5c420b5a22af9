"use client";

import { useActionState } from "react";
import {
  beginTwoFactorSetupAction,
  disableTwoFactorAction,
  enableTwoFactorAction,
  regenerateRecoveryCodesAction,
  type TwoFactorFormState,
} from "@/app/actions/two-factor";
import { ActionForm, AuthenticationCodeField, FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button, link } from "@/app/_components/styles";

export type TwoFactorView =
  | { enabled: true; recoveryCodesLeft: number }
  | { enabled: false; setup: { secret: string; uri: string; qrCode: string } | null };

// One component holds the state of every two-factor form, and stays mounted while the
// page under it changes (turning on swaps the setup for the "on" view). The recovery
// codes exist only in the answer of the action that made them, so they must survive that
// re-render: they are shown once, here, and never again.
export function TwoFactorPanel({ view }: { view: TwoFactorView }) {
  const [setupState, setupAction] = useActionState(beginTwoFactorSetupAction, null);
  const [enableState, enableAction] = useActionState(enableTwoFactorAction, null);
  const [disableState, disableAction] = useActionState(disableTwoFactorAction, null);
  const [regenerateState, regenerateAction] = useActionState(regenerateRecoveryCodesAction, null);
  const fresh = newestCodes(enableState, regenerateState);

  if (view.enabled) {
    return (
      <div className="space-y-5">
        {fresh && <RecoveryCodes state={fresh} />}
        <p className="text-sm text-stone-600">
          Two-factor authentication is on: signing in takes your password and a code from your authenticator app.{" "}
          <strong className="font-semibold text-stone-900">
            {view.recoveryCodesLeft === 1 ? "1 recovery code" : `${view.recoveryCodesLeft} recovery codes`} left.
          </strong>
        </p>
        <ActionForm action={regenerateAction} state={regenerateState} className="space-y-3">
          <p className="text-sm text-stone-600">New codes replace every old one, used or not.</p>
          {regenerateState?.ok === false && <FormMessage state={regenerateState} />}
          <SubmitButton className={button("secondary")} pendingLabel="Generating…">
            Generate new recovery codes
          </SubmitButton>
        </ActionForm>
        <ActionForm action={disableAction} state={disableState} className="space-y-5 border-t border-stone-200 pt-5">
          <p className="text-sm text-stone-600">To turn it off, enter a code from your authenticator app or a recovery code.</p>
          <AuthenticationCodeField errors={disableState?.ok === false ? disableState.fieldErrors?.code : undefined} />
          <FormMessage state={disableState?.ok === false ? disableState : null} />
          <SubmitButton className={button("danger")} pendingLabel="Turning off…">
            Turn off
          </SubmitButton>
        </ActionForm>
      </div>
    );
  }

  return (
    <div className="space-y-5">
      {disableState?.ok && <FormMessage state={disableState} />}
      {view.setup ? (
        <div className="space-y-5">
          <ol className="list-decimal space-y-1 pl-5 text-sm text-stone-600">
            <li>Scan the QR code with an authenticator app, or enter the secret key in it.</li>
            <li>Enter the 6-digit code the app shows, and press Turn on.</li>
          </ol>
          <div className="flex flex-col gap-5 sm:flex-row sm:items-center">
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server; next/image would add nothing */}
            <img src={view.setup.qrCode} alt="QR code of your two-factor secret" width={192} height={192} className="h-48 w-48 rounded-lg border border-stone-200" />
            <dl className="space-y-3 text-sm">
              <div>
                <dt id="totp-secret-label" className="font-medium text-stone-800">
                  Secret key
                </dt>
                <dd className="mt-1">
                  <code aria-labelledby="totp-secret-label" className="rounded bg-stone-100 px-2 py-1 font-mono text-base break-all text-stone-900">
                    {view.setup.secret}
                  </code>
                </dd>
              </div>
              <div>
                <dt className="font-medium text-stone-800">On this device</dt>
                <dd className="mt-1">
                  <a href={view.setup.uri} className={link}>
                    Open in an authenticator app
                  </a>
                </dd>
              </div>
            </dl>
          </div>
          <ActionForm action={enableAction} state={enableState} className="space-y-5">
            <AuthenticationCodeField errors={enableState?.ok === false ? enableState.fieldErrors?.code : undefined} />
            <FormMessage state={enableState?.ok === false ? enableState : null} />
            <SubmitButton pendingLabel="Turning on…">Turn on</SubmitButton>
          </ActionForm>
        </div>
      ) : (
        <ActionForm action={setupAction} state={setupState} className="space-y-3">
          <p className="text-sm text-stone-600">
            Protect your account with a code from an authenticator app on your phone, on top of your password. Turning it on
            signs out every other device.
          </p>
          {setupState?.ok === false && <FormMessage state={setupState} />}
          <SubmitButton pendingLabel="Preparing…">Set up two-factor authentication</SubmitButton>
        </ActionForm>
      )}
    </div>
  );
}

type CodesState = NonNullable<TwoFactorFormState> & { recoveryCodes: { codes: string[]; issuedAt: number } };

// Turning on and regenerating both answer with codes; the newer answer is the one in force.
function newestCodes(...states: TwoFactorFormState[]): CodesState | null {
  let newest: CodesState | null = null;
  for (const state of states) {
    if (state?.recoveryCodes && (!newest || state.recoveryCodes.issuedAt > newest.recoveryCodes.issuedAt)) newest = state as CodesState;
  }
  return newest;
}

function RecoveryCodes({ state }: { state: CodesState }) {
  return (
    <div role="status" className="rounded-lg border border-brand-200 bg-brand-50 p-4 text-sm text-brand-900">
      <p className="font-medium">{state.message}</p>
      <h3 id="recovery-codes-heading" className="mt-3 font-semibold">
        Recovery codes
      </h3>
      <p className="mt-1">
        Each works once, in place of a code from your app. Save them somewhere safe now: they will not be shown again.
      </p>
      <ul aria-labelledby="recovery-codes-heading" className="mt-3 grid grid-cols-2 gap-2 font-mono text-base text-stone-900">
        {state.recoveryCodes.codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
    </div>
  );
}
