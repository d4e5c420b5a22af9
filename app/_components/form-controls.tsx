"use client";

import {
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type FormHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
} from "react";
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

/**
 * Every form that posts to a server action. Two things are the same for all of them:
 *
 * - `noValidate`: the browser's own bubbles ("Please fill out this field", "Value must be
 *   greater than or equal to 1") would speak for the shop in the browser's words and
 *   language, and only before JavaScript has loaded would the server's zod messages show.
 *   The server validates every field anyway; its message is the one the user sees.
 *   `required`, `min`, `type="email"` and the like stay on the fields, for assistive
 *   technology and for the keyboard a phone shows.
 * - Focus after a refusal: when `state` comes back `ok: false`, focus moves to the first
 *   field marked `aria-invalid`, or, when no field is to blame ("Incorrect email or
 *   password"), to the form's message. A keyboard or screen reader user lands on what to
 *   fix instead of staying on a button, or on <body> when the form re-rendered under them.
 *   `state` is a new object after every submit, so a second refusal moves focus again.
 *   `messageId` names the FormMessage that speaks for a form from outside it (one
 *   message above a list of one-button forms).
 */
export function ActionForm({
  state,
  messageId,
  ref,
  children,
  ...props
}: Omit<FormHTMLAttributes<HTMLFormElement>, "action" | "noValidate"> & {
  action: (formData: FormData) => void;
  state: FormState;
  messageId?: string;
  ref?: Ref<HTMLFormElement>;
  children: ReactNode;
}) {
  const form = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    if (state?.ok !== false || !form.current) return;
    const message = messageId ? document.getElementById(messageId) : form.current;
    const target =
      form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ?? message?.querySelector<HTMLElement>("[data-form-message]");
    target?.focus();
  }, [state, messageId]);

  function setForm(node: HTMLFormElement | null) {
    form.current = node;
    if (typeof ref === "function") ref(node);
    else if (ref) ref.current = node;
  }

  return (
    <form ref={setForm} noValidate {...props}>
      {children}
    </form>
  );
}

const messageTones = {
  error: "border-red-200 bg-red-50 text-red-800",
  // A change that went through, but not as asked ("Only 5 left; quantity set to 5").
  warning: "border-accent-500/40 bg-accent-100 text-stone-900",
  success: "border-brand-200 bg-brand-50 text-brand-900",
} as const;

/** The message's tone: a refusal, a success that changed less than was asked, or a success. */
export function messageTone(state: FormState): keyof typeof messageTones {
  if (state?.ok === false) return "error";
  return state?.warning ? "warning" : "success";
}

/**
 * The form-level outcome of the last submit: an error, a warning, or a confirmation. An
 * error can take focus (ActionForm sends it there when no field is to blame).
 */
export function FormMessage({ state, id, children }: { state: FormState; id?: string; children?: ReactNode }) {
  const tone = messageTone(state);
  const message = state?.message;
  return (
    <div id={id} aria-live="polite" role="status">
      {message && (
        <div
          data-form-message={tone === "error" ? "" : undefined}
          tabIndex={tone === "error" ? -1 : undefined}
          className={`rounded-lg border px-3 py-2.5 text-sm font-medium ${messageTones[tone]}`}
        >
          {tone === "warning" && <span className="sr-only">Note: </span>}
          {message}
          {state?.ok && children}
        </div>
      )}
    </div>
  );
}

/**
 * A submit button that is disabled while its form is submitting, so one click is one
 * request. With `name` and `value`, the browser sends them with the form when this button
 * is the one pressed (several buttons, one form); the spinner then shows on that one only.
 */
export function SubmitButton({
  children,
  pendingLabel,
  className = button(),
  disabled,
  name,
  value,
  ...props
}: {
  children: ReactNode;
  pendingLabel?: string;
  className?: string;
  disabled?: boolean;
  name?: string;
  value?: string;
  "aria-describedby"?: string;
}) {
  const { pending, data } = useFormStatus();
  const pressed = pending && (name === undefined || data?.get(name) === value);
  return (
    <button type="submit" className={className} disabled={pending || disabled} name={name} value={value} {...props}>
      {pressed && <Spinner />}
      {pressed && pendingLabel ? pendingLabel : children}
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
