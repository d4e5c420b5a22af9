import "server-only";
import { cookies, headers } from "next/headers";
import { isHttpsRequest } from "@/lib/http/https";
import { sessionCookie } from "./cookie";
import { getCurrentSession, readSessionToken } from "./current";

// "You were signed out": what a browser is told when its session died without its user
// signing out (revoked from another device, timed out, or a password changed elsewhere).
//
// proxy.ts is the one place that notices a dead session cookie, and it deletes that cookie
// in the same response. So that is where the notice is raised: next to the deletion, proxy
// sets this short-lived flag, the sign-in page shows the notice while the flag is there,
// and signing in clears it. The flag says nothing but "a cookie of this browser named no
// live session": no account, no reason, no time. A revoked session, an expired one and a
// cookie of random garbage look the same, so the notice tells a stranger nothing.
//
// Decisions a reader may wonder about:
// - A cookie, not `?signed-out=1`: a link anyone can send must not make the shop claim a
//   sign-out, and the flag must survive the redirects that follow (a protected page sends
//   the browser to /login).
// - HttpOnly and SameSite=Lax like the session cookie, and `__Host-` over HTTPS, so page
//   scripts cannot read it and other sites and subdomains cannot plant or overwrite it.
// - Raised together with the deletion of the dead cookie, never one without the other:
//   a request that deleted the cookie without raising the flag would leave the next
//   request nothing to report.
// - Neither raised nor the cookie deleted on a GET a script sent. Next.js prefetches the
//   links in view, and a prefetch sent just before the user signs out arrives after the
//   sign-out has deleted the row: it would announce a sign-out the user made themselves.
//   (Its deletion could also land after a sign-in and end the new session.) Proxy cannot
//   tell a prefetch from the router's other reads, so it leaves all of them alone, and
//   the user's next page load, form or server action does both. A client-side navigation
//   to the sign-in page therefore still carries the dead cookie: the page notices that
//   cookie itself (hasSignedOutNotice below), so the notice is the same either way.
// - Not raised by sign-out (proxy.ts skips the sign-out path): ending one's own session
//   is not news. A live sign-out never meets a dead cookie; only a stale page whose
//   session had already ended could, and its own answer clears every cookie anyway.
// - What remains: a request of the user's own that was on its way while they signed out
//   in another tab. Then the notice says something true.
// - Not raised when the request carried two session cookies: that is an attack, answered
//   with Clear-Site-Data, which would drop the flag with every other cookie.

const BASE_NAME = "shop_signed_out";

/** Ten minutes: long enough to read after a redirect or two, short enough not to linger. */
export const SIGNED_OUT_NOTICE_SECONDS = 600;

/** The flag cookie, named and flagged like the session cookie for the same protocol. */
export function signedOutNoticeCookie(secure: boolean) {
  const { options } = sessionCookie(secure);
  return {
    name: secure ? `__Host-${BASE_NAME}` : BASE_NAME,
    value: "1",
    options: { ...options, maxAge: SIGNED_OUT_NOTICE_SECONDS },
  };
}

/**
 * For the sign-in page: whether this browser's session cookie stopped naming a live
 * session, either before this request (the flag proxy raised when it deleted the cookie)
 * or in it (a cookie proxy left alone on a client-side navigation).
 */
export async function hasSignedOutNotice(): Promise<boolean> {
  const { name, value } = signedOutNoticeCookie(isHttpsRequest(await headers()));
  if ((await cookies()).get(name)?.value === value) return true;
  // Empty when proxy deleted the cookie in this very request (and then raised the flag,
  // which cookies() already showed above), or when the browser sent it empty.
  const token = await readSessionToken();
  return token !== undefined && token !== "" && (await getCurrentSession()).session === null;
}

/** Server actions only (a page cannot set cookies): the user has signed in again. */
export async function clearSignedOutNotice(): Promise<void> {
  const { name, options } = signedOutNoticeCookie(isHttpsRequest(await headers()));
  (await cookies()).set(name, "", { ...options, maxAge: 0 });
}
