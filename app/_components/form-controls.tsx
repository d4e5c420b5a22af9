"use client";

import { useId, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import type { FormState } from "@/lib/forms";
import { button, input } from "./styles";

// The building blocks of every form in the shop. Each field owns its hint and error
// elements and points at them with aria-describedby, so a screen reader reads the error
// with the field; the error element is always rendered (empty when there is nothing to
// say) because a live region only announces changes to an element that already exists.

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id"> & {
  label: string;
  name: string;
  hint?: ReactNode;
  errors?: string[];
};

export function Field({ label, name, hint, errors, className, ...inputProps }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = Boolean(errors?.length);

  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-stone-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        className={input}
        aria-invalid={invalid || undefined}
        aria-describedby={hint ? `${hintId} ${errorId}` : errorId}
        {...inputProps}
      />
      {hint && (
        <p id={hintId} className="mt-1.5 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <p id={errorId} aria-live="polite" className="mt-1.5 text-sm font-medium text-red-700 empty:hidden">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

/**
 * A password the user chooses (registration, a change, a reset): the browser may offer to
 * generate one, and the hint states the rule the server enforces. The minimum comes from
 * the page, so the common-password list of lib/auth/validation.ts stays off the client.
 */
export function NewPasswordField({ label, name, minLength, errors }: { label: string; name: string; minLength: number; errors?: string[] }) {
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      minLength={minLength}
      hint={`At least ${minLength} characters. A passphrase of a few random words works well.`}
      errors={errors}
    />
  );
}

/**
 * A code from an authenticator app, or a recovery code where `hint` says one is accepted.
 * Text, not a number field: recovery codes have letters, and a leading zero must survive.
 * `one-time-code` lets authenticator apps and phones fill it in.
 */
export function AuthenticationCodeField({ hint, errors, autoFocus }: { hint?: string; errors?: string[]; autoFocus?: boolean }) {
  return (
    <Field
      label="Authentication code"
      name="code"
      type="text"
      autoComplete="one-time-code"
      autoCapitalize="none"
      spellCheck={false}
      required
      autoFocus={autoFocus}
      maxLength={64}
      hint={hint}
      errors={errors}
    />
  );
}

/** The form-level outcome of the last submit: an error, or a confirmation. */
export function FormMessage({ state, id, children }: { state: FormState; id?: string; children?: ReactNode }) {
  const tone = state?.ok === false ? "border-red-200 bg-red-50 text-red-800" : "border-brand-200 bg-brand-50 text-brand-900";
  const message = state?.message;
  return (
    <div id={id} aria-live="polite" role="status">
      {message && (
        <div className={`rounded-lg border px-3 py-2.5 text-sm font-medium ${tone}`}>
          {message}
          {state?.ok && children}
        </div>
      )}
    </div>
  );
}

/** A submit button that is disabled while its form is submitting, so one click is one request. */
export function SubmitButton({
  children,
  pendingLabel,
  className = button(),
  disabled,
  ...props
}: {
  children: ReactNode;
  pendingLabel?: string;
  className?: string;
  disabled?: boolean;
  "aria-describedby"?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className={className} disabled={pending || disabled} {...props}>
      {pending && <Spinner />}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

function Spinner() {
  return (
    <svg viewBox="0 0 24 24" className="h-4 w-4 animate-spin" aria-hidden="true" fill="none">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

/**
 * React resets a form after its action runs, which would wipe what the user typed when the
 * server answers with an error. Remember the submitted values and use them as the fields'
 * defaultValue, so the reset puts them back. Passwords are never remembered.
 */
export function useSubmittedValues(): [Record<string, string>, (event: FormEvent<HTMLFormElement>) => void] {
  const [values, setValues] = useState<Record<string, string>>({});
  function remember(event: FormEvent<HTMLFormElement>) {
    const next: Record<string, string> = {};
    for (const [key, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && key !== "password") next[key] = value;
    }
    setValues(next);
  }
  return [values, remember];
}
