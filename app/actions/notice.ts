"use server";

import { revalidatePath } from "next/cache";
import { getCurrentSession } from "@/lib/session/current";
import { clearSessionNotice } from "@/lib/session/store";

// Dismisses the current session's notice. Only ever the caller's own session: the id comes
// from the cookie's lookup, not from the form.
export async function dismissNoticeAction(): Promise<void> {
  const { session } = await getCurrentSession();
  if (session?.notice) await clearSessionNotice(session.id);
  // The shop's one invalidation (see app/actions/auth.ts): the notice is in the root layout.
  revalidatePath("/", "layout");
}
