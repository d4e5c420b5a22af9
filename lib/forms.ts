import type { z } from "zod";

// The one result shape of every server action behind a form. Expected failures (bad
// input, wrong password, out of stock) come back as data the form can show; only bugs throw.
export type FieldErrors = Partial<Record<string, string[]>>;

// `warning` marks a success that did less than was asked (stock capped the quantity): the
// form shows it in the warning tone, not as a plain confirmation.
export type ActionResult =
  | { ok: true; message?: string; warning?: boolean }
  | { ok: false; message: string; fieldErrors?: FieldErrors };

/** What `useActionState` holds before the first submit. */
export type FormState = ActionResult | null;

export function invalidInput(error: z.ZodError, message = "Please correct the highlighted fields."): ActionResult {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return { ok: false, message, fieldErrors };
}

/** What an action answers when its arguments are not a form submission at all. */
export const UNREADABLE_FORM = {
  ok: false,
  message: "This form could not be read. Reload the page and try again.",
} as const satisfies ActionResult;

/**
 * A form action's payload as a plain object of strings, for zod; files and repeated keys
 * are ignored. `null` when the payload is not a FormData: an action is a public endpoint,
 * and its arguments are whatever the request body decodes to (`[]` gives no arguments, a
 * `$ACTION_ID_` form puts the FormData where the previous state belongs), whatever the
 * TypeScript signature says. So actions take the payload as `unknown` and check it here.
 */
export function formFields(payload: unknown): Record<string, string> | null {
  if (!(payload instanceof FormData)) return null;
  const fields: Record<string, string> = {};
  for (const [key, value] of payload) if (typeof value === "string" && !(key in fields)) fields[key] = value;
  return fields;
}
