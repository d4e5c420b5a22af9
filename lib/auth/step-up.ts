import "server-only";
import { notFound, redirect } from "next/navigation";
import type { Device } from "@/lib/http/device";
import { getCurrentSession, requireUser } from "@/lib/session/current";
import { isSudo, type Session, type SessionUser } from "@/lib/session/store";
import { hashSessionToken, isWellFormedToken } from "@/lib/session/token";
import { authenticateUser } from "./accounts";
import { confirmPath } from "./return-path";
import { checkSecondFactor, hasTwoFactor } from "./second-factor";
import { startUserSession, type SignedInSession } from "./sign-in";

// Step-up re-authentication ("sudo mode"). Sensitive actions (changing the email,
// revoking sessions, everything under /admin) need the user to have proved who they are
// within SUDO_WINDOW_SECONDS, read from the session row (lib/session/store.ts isSudo).
// Pages call these guards to send the user to /account/confirm before showing a form;
// server actions call them again, because an action is an endpoint of its own that
// anyone can post to without loading the page.

type SignedIn = { session: Session; user: SessionUser };

/** A signed-in user inside the sudo window; anyone else is sent to sign in or to confirm. */
export async function requireRecentAuthentication(returnTo: string): Promise<SignedIn> {
  const current = await requireUser(returnTo);
  if (!isSudo(current.session)) redirect(confirmPath(returnTo));
  return current;
}

/**
 * An ADMIN inside the sudo window. Anyone who is not an admin, signed in or not, gets the
 * 404 page: the admin area does not admit that it exists. The role is read from the user
 * row at this lookup, so a demotion holds from the next request on.
 */
export async function requireAdmin(returnTo: string): Promise<SignedIn> {
  const { session, user } = await getCurrentSession();
  if (!session || user?.role !== "ADMIN") notFound();
  if (!isSudo(session)) redirect(confirmPath(returnTo));
  return { session, user };
}

/**
 * The password of the signed-in user, proved again, and for a user with two-factor on a
 * code too (ASVS 7.5.3): step-up asks for every factor sign-in does. Entering sudo mode is
 * a privilege change, so it rotates the session like a sign-in: a new token, the old one
 * dead at once, and a new start of the sudo window. Null when either is wrong.
 */
export async function reauthenticate(
  user: SessionUser,
  password: string,
  request: { previousToken: string | undefined; device: Device },
  code = "",
): Promise<SignedInSession | null> {
  const confirmed = await authenticateUser(user.id, password);
  if (!confirmed) return null;
  // The code is checked only after the password, so a wrong password spends no code.
  if (await hasTwoFactor(user.id)) {
    const sessionId = isWellFormedToken(request.previousToken) ? hashSessionToken(request.previousToken) : null;
    if (!(await checkSecondFactor(user.id, code, { device: request.device, sessionId }))) return null;
  }
  return startUserSession(confirmed, request, { reason: "reauthentication" });
}
