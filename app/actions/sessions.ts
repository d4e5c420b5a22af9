"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formFields, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { requireUser } from "@/lib/session/current";
import { revokeOtherUserSessions, revokeUserSession } from "@/lib/session/store";
import { isSessionId } from "@/lib/session/token";

const revokeSchema = z.object({ sessionId: z.string().refine(isSessionId) });

// Both actions end with revalidatePath("/", "layout"), the one invalidation every action
// in the shop uses (see app/actions/auth.ts for why).

export async function revokeSessionAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { session, user } = await requireUser("/account/sessions");
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = revokeSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, message: "That session could not be found." };
  if (parsed.data.sessionId === session.id) {
    return { ok: false, message: "To end this session, use Sign out." };
  }

  // Scoped to the signed-in user in the query itself: another user's session id, even a
  // correct one, matches no row.
  const revoked = await revokeUserSession(user.id, parsed.data.sessionId);
  revalidatePath("/", "layout");
  return revoked
    ? { ok: true, message: "Session revoked. That device is signed out." }
    : { ok: false, message: "That session has already ended." };
}

export async function revokeOtherSessionsAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { session, user } = await requireUser("/account/sessions");
  // The form has no fields, but only a form submission may sign every other device out.
  if (!formFields(formData)) return UNREADABLE_FORM;
  const count = await revokeOtherUserSessions(user.id, session.id);
  revalidatePath("/", "layout");
  return { ok: true, message: count === 1 ? "1 other session signed out." : `${count} other sessions signed out.` };
}
