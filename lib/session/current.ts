import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { loginPath } from "@/lib/auth/return-path";
import { deviceFromHeaders, type Device } from "@/lib/http/device";
import { readSessionCookie, sessionCookieFor, type SessionCookie } from "./cookie";
import { readSessionProof, SESSION_PROOF_HEADER } from "./proof";
import { createGuestSession, validateSessionToken, type NewSession, type SessionUser, type SessionValidation } from "./store";

// The request-scoped side of lib/session: reads and writes the cookie through next/headers.
// Pages, layouts, server actions and route handlers ask "who is this?" here, never by
// reading the cookie themselves. proxy.ts has already checked once; this checks again,
// because proxy is a first gate and must never be the only one.

export async function currentSessionCookie(): Promise<SessionCookie> {
  return sessionCookieFor(await headers());
}

export async function currentDevice(): Promise<Device> {
  return deviceFromHeaders(await headers());
}

export async function readSessionToken(): Promise<string | undefined> {
  const { name } = await currentSessionCookie();
  // Two values for the name (a planted second cookie) mean no session, as in proxy.ts and
  // the Auth.js route: cookies() alone would quietly pick the last one.
  const sent = readSessionCookie((await headers()).get("cookie"), name);
  if (sent.ambiguous) return undefined;
  // cookies() also holds a cookie a server action set or cleared earlier in this request
  // (the render after sign-in or a guest's first add to cart); the header does not.
  return (await cookies()).get(name)?.value ?? sent.token;
}

/**
 * Every token the browser sent under the session cookie's name, even when it sent several
 * (which makes the request anonymous). For sign-out only: it ends all of them, so a planted
 * second cookie cannot stop a sign-out from ending the real session.
 */
export async function readSentSessionTokens(): Promise<string[]> {
  const { name } = await currentSessionCookie();
  return readSessionCookie((await headers()).get("cookie"), name).candidates;
}

/**
 * The session behind `token` for this request: proxy's answer when it sealed one for this
 * very request and token (lib/session/proof.ts), else a lookup of its own. Either way one
 * database query per request at most, and never an answer the client could have supplied.
 */
export async function validateRequestSession(token: string | undefined): Promise<SessionValidation> {
  const now = new Date();
  const requestHeaders = await headers();
  const vouched = readSessionProof(requestHeaders.get(SESSION_PROOF_HEADER), token, requestHeaders.get("x-request-id"), now);
  return vouched ?? validateSessionToken(token, now, deviceFromHeaders(requestHeaders));
}

/** The session and user of this request; at most one database lookup per request, however many callers. */
export const getCurrentSession = cache(async (): Promise<SessionValidation> => validateRequestSession(await readSessionToken()));

/**
 * For pages and actions that need a signed-in user. Anonymous visitors are sent to the
 * sign-in page, which brings them back to `returnTo` afterwards.
 */
export async function requireUser(returnTo: string): Promise<{ session: NonNullable<SessionValidation["session"]>; user: SessionUser }> {
  const { session, user } = await getCurrentSession();
  if (!session || !user) redirect(loginPath(returnTo));
  return { session, user };
}

// Server actions only (a page cannot set cookies). The cookie expires with the session's
// absolute timeout; the idle timeout is enforced on the server, where it cannot be edited.
export async function setSessionCookie({ token, session }: NewSession): Promise<void> {
  const { name, options } = await currentSessionCookie();
  (await cookies()).set(name, token, { ...options, expires: session.absoluteExpiresAt });
}

export async function clearSessionCookie(): Promise<void> {
  const { name, options } = await currentSessionCookie();
  (await cookies()).set(name, "", { ...options, maxAge: 0 });
}

/**
 * Guests get a session only when they do something worth remembering (the first add to
 * cart), never for a plain visit: browsing creates no rows and sets no cookie. Null when
 * the visitor's network has started too many guest sessions lately.
 */
export async function getOrCreateSession(): Promise<NonNullable<SessionValidation["session"]> | null> {
  const current = await getCurrentSession();
  if (current.session) return current.session;
  const created = await createGuestSession(await currentDevice());
  if (!created) return null;
  await setSessionCookie(created);
  return created.session;
}
