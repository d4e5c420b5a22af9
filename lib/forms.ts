import type { z } from "zod";

// The one result shape of every server action behind a form. Expected failures (bad
// input, wrong password, out of stock) come back as data the form can show; only bugs throw.
export type FieldErrors = Partial<Record<string, string[]>>;

export type ActionResult =
  | { ok: true; message?: string }
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

/** FormData as a plain object of strings, for zod; files and repeated keys are ignored. */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string" && !(key in fields)) fields[key] = value;
  return fields;
}
