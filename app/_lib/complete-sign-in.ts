import "server-only";
import { startUserSession } from "@/lib/auth/sign-in";
import { recordSecurityEvent } from "@/lib/security/events";
import { currentDevice, readSessionToken, setSessionCookie } from "@/lib/session/current";
import { clearSignedOutNotice } from "@/lib/session/signed-out-notice";
import type { SessionUser } from "@/lib/session/store";

// The request's side of the moment a user becomes signed in, for every way there is to
// get there (a password alone, a password and then a second factor, a new account):
// lib/auth/sign-in.ts rotates the session; this reads the browser's current token, writes
// the new one into the cookie and records the sign-in in the security activity log.
export async function completeSignIn(user: SessionUser): Promise<void> {
  const device = await currentDevice();
  const next = await startUserSession(user, { previousToken: await readSessionToken(), device });
  await recordSecurityEvent({ type: "SIGN_IN", userId: user.id, sessionId: next.session.id, device });
  await setSessionCookie(next);
  // Signed in again: the "You were signed out" notice has done its job.
  await clearSignedOutNotice();
}
