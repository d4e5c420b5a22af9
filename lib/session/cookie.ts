// The one definition of the session cookie, shared by lib/session, proxy.ts and Auth.js.

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

// HTTPS is decided the way Auth.js decides it: from the configured public URL when there
// is one, otherwise from the protocol of the request (Next.js sets x-forwarded-proto).
export function isSecureRequest(headers: Headers, configuredUrl: string | undefined): boolean {
  if (configuredUrl) return configuredUrl.startsWith("https:");
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return proto === "https";
}
