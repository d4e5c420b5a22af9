import { z } from "zod";

// Users, products and orders have cuid ids: short, opaque, word characters. An id that
// arrives in a URL or a form and has any other shape cannot name a row, and needs no query.
export const recordIdSchema = z.string().min(1).max(64).regex(/^[\w-]+$/);

/** The id, or null when the value cannot be one. */
export function parseRecordId(value: unknown): string | null {
  const parsed = recordIdSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
