"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { parseRecordId } from "@/lib/record-id";
import { changeUserRole, revokeSessionOfUser, setUserDisabled, signOutUserEverywhere } from "@/lib/admin/users";
import { requireAdmin } from "@/lib/auth/step-up";
import { formFields, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { clearSessionCookie, currentDevice } from "@/lib/session/current";
import { isSessionId } from "@/lib/session/token";

// The actions of /admin/users/<id>. Each is a public POST endpoint that anyone can call
// without loading the page, so each starts with requireAdmin() itself: anyone but an admin
// inside the sudo window gets the 404 before the form is even looked at. lib/admin then
// checks the admin again inside the transaction that makes the change.

const NO_SUCH_USER = { ok: false, message: "That user could not be found." } as const;

/** Where to come back to after re-authenticating: the user's page, if the form names one. */
function returnPath(fields: Record<string, string> | null): string {
  const id = parseRecordId(fields?.userId);
  return id ? `/admin/users/${id}` : "/admin/users";
}

/** Reads the form after the admin check; null when it does not name a user. */
async function adminForm(formData: unknown) {
  const fields = formFields(formData);
  const { session, user } = await requireAdmin(returnPath(fields));
  const userId = parseRecordId(fields?.userId);
  return { session, admin: user, fields, userId };
}

// A change to the admin's own account (demoting, disabling or signing out themselves,
// allowed while another admin remains) ended the session this request came with: forget
// its cookie and leave the admin area.
async function finish(result: FormState, ownAccount: boolean): Promise<FormState> {
  revalidatePath("/", "layout");
  if (result?.ok && ownAccount) {
    await clearSessionCookie();
    redirect("/");
  }
  return result;
}

export async function changeRoleAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { admin, fields, userId } = await adminForm(formData);
  if (!fields) return UNREADABLE_FORM;
  const role = z.enum(["ADMIN", "CUSTOMER"]).safeParse(fields.role);
  if (!userId) return NO_SUCH_USER;
  if (!role.success) return { ok: false, message: "Choose a role." };
  return finish(await changeUserRole(admin.id, { userId, role: role.data }, await currentDevice()), userId === admin.id);
}

export async function setAccountStatusAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { admin, fields, userId } = await adminForm(formData);
  if (!fields) return UNREADABLE_FORM;
  const status = z.enum(["disabled", "enabled"]).safeParse(fields.status);
  if (!userId) return NO_SUCH_USER;
  if (!status.success) return { ok: false, message: "Choose to disable or enable the account." };
  return finish(await setUserDisabled(admin.id, { userId, disabled: status.data === "disabled" }, await currentDevice()), userId === admin.id);
}

export async function signOutEverywhereAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { admin, fields, userId } = await adminForm(formData);
  if (!fields) return UNREADABLE_FORM;
  if (!userId) return NO_SUCH_USER;
  return finish(await signOutUserEverywhere(admin.id, { userId }, await currentDevice()), userId === admin.id);
}

export async function revokeUserSessionAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { session, admin, fields, userId } = await adminForm(formData);
  if (!fields) return UNREADABLE_FORM;
  if (!userId) return NO_SUCH_USER;
  if (!isSessionId(fields.sessionId)) return { ok: false, message: "That session has already ended." };
  if (fields.sessionId === session.id) return { ok: false, message: "To end this session, use Sign out." };
  return finish(await revokeSessionOfUser(admin.id, { userId, sessionId: fields.sessionId }, await currentDevice()), false);
}
