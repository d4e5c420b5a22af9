import "server-only";
import { cookies, headers } from "next/headers";
import { pendingSignInCookie, type PendingSignInToken } from "@/lib/auth/pending-sign-in";
import { isHttpsRequest } from "@/lib/http/https";
import { readSessionCookie } from "@/lib/session/cookie";

// The request's side of a pending two-factor sign-in (lib/auth/pending-sign-in.ts): the
// cookie that names it between the password and the code.

async function cookieForRequest() {
  return pendingSignInCookie(isHttpsRequest(await headers()));
}

/** The token the browser sent; none when it sent two (a planted cookie), as for the session. */
export async function readPendingSignInToken(): Promise<string | undefined> {
  const { name } = await cookieForRequest();
  const sent = readSessionCookie((await headers()).get("cookie"), name);
  return sent.ambiguous ? undefined : sent.token;
}

/** Server actions only. The cookie dies with the pending sign-in it names. */
export async function setPendingSignInCookie({ token, expiresAt }: PendingSignInToken): Promise<void> {
  const { name, options } = await cookieForRequest();
  (await cookies()).set(name, token, { ...options, expires: expiresAt });
}

export async function clearPendingSignInCookie(): Promise<void> {
  const { name, options } = await cookieForRequest();
  (await cookies()).set(name, "", { ...options, maxAge: 0 });
}
