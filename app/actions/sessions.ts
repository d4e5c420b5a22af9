"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { describeUserAgent } from "@/app/_components/describe-device";
import { requireRecentAuthentication } from "@/lib/auth/step-up";
import { formFields, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { currentDevice } from "@/lib/session/current";
import { listUserSessions, revokeOtherUserSessions, revokeUserSession } from "@/lib/session/store";
import { isSessionId } from "@/lib/session/token";

const revokeSchema = z.object({ sessionId: z.string().refine(isSessionId) });

// Signing other devices out is sensitive: with a stolen cookie, it is how an attacker
// would lock the owner out of their own account view. So both actions need a recent
// re-authentication, checked here, in the action, and not only on the page: an action
// is an endpoint anyone can post to without loading the page. Outside the sudo window the
// user is sent to /account/confirm and comes back to the sessions page afterwards.
//
// Both actions end with revalidatePath("/", "layout"), the one invalidation every action
// in the shop uses (see app/actions/auth.ts for why).

const RETURN_TO = "/account/sessions";

export async function revokeSessionAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { session, user } = await requireRecentAuthentication(RETURN_TO);
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = revokeSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, message: "That session could not be found." };
  const { sessionId } = parsed.data;
  if (sessionId === session.id) {
    return { ok: false, message: "To end this session, use Sign out." };
  }

  // The row is read first, only to say which device was signed out; it is the user's own
  // list, so another user's session id is simply not in it.
  const target = (await listUserSessions(user.id)).find((candidate) => candidate.id === sessionId);
  // Scoped to the signed-in user in the query itself: another user's session id, even a
  // correct one, matches no row.
  const revoked = target !== undefined && (await revokeUserSession(user.id, sessionId, { reason: "user", device: await currentDevice() }));
  revalidatePath("/", "layout");
  if (!revoked) return { ok: false, message: "That session has already ended." };
  const { browser, os } = describeUserAgent(target.userAgent);
  return { ok: true, message: `Signed out ${browser} on ${os}.` };
}

export async function revokeOtherSessionsAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { session, user } = await requireRecentAuthentication(RETURN_TO);
  // The form has no fields, but only a form submission may sign every other device out.
  if (!formFields(formData)) return UNREADABLE_FORM;
  const count = await revokeOtherUserSessions(user.id, session.id, { reason: "user", device: await currentDevice() });
  revalidatePath("/", "layout");
  return { ok: true, message: count === 1 ? "1 other session signed out." : `${count} other sessions signed out.` };
}
