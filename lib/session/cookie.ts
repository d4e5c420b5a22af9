// The one definition of the session cookie, shared by lib/session, proxy.ts and Auth.js.
import { isHttpsRequest } from "@/lib/http/https";

const BASE_NAME = "shop_session";

export type SessionCookie = {
  name: string;
  options: {
    httpOnly: true;
    sameSite: "lax";
    path: "/";
    secure: boolean;
  };
};

// Over HTTPS the cookie carries the __Host- prefix, which browsers accept only with
// Secure, Path=/ and no Domain: a sibling subdomain or a plain-HTTP response can then
// neither set nor overwrite it (the cookie-tossing route to session fixation).
// Plain HTTP exists only for the local demo, where a Secure cookie would be dropped.
export function sessionCookie(secure: boolean): SessionCookie {
  return {
    name: secure ? `__Host-${BASE_NAME}` : BASE_NAME,
    // HttpOnly: page scripts (and so XSS) cannot read the token.
    // SameSite=Lax: the browser leaves it off cross-site POSTs and subresource requests.
    options: { httpOnly: true, sameSite: "lax", path: "/", secure },
  };
}

/** Both names, for code that must recognise the cookie whichever protocol set it. */
export function isSessionCookieHeader(setCookie: string): boolean {
  return [sessionCookie(false).name, sessionCookie(true).name].some((name) => setCookie.startsWith(`${name}=`));
}

/** The cookie for a request, named and flagged by whether it arrived over HTTPS. */
export function sessionCookieFor(headers: Headers): SessionCookie {
  return sessionCookie(isHttpsRequest(headers));
}
