"use server";

import { refresh } from "next/cache";
import { getCurrentSession } from "@/lib/session/current";
import { clearSessionNotice } from "@/lib/session/store";

// Dismisses the current session's notice. Only ever the caller's own session: the id comes
// from the cookie's lookup, not from the form.
export async function dismissNoticeAction(): Promise<void> {
  const { session } = await getCurrentSession();
  if (session?.notice) await clearSessionNotice(session.id);
  refresh();
}
