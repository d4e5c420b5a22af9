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

export type SessionCookieRead = {
  /** The one value sent under the name, when there is exactly one and it is not empty. */
  token?: string;
  /** More than one value for the name, or a chunk of it: the request names no session. */
  ambiguous: boolean;
  /** Every cookie name seen that belongs to the session (the name and its chunks), to clear. */
  names: string[];
  /**
   * Every value sent under the exact name, ambiguous or not. Only sign-out uses these: it
   * ends every session the browser holds a token for, so a planted second cookie cannot
   * keep a stolen session alive past the victim's sign-out.
   */
  candidates: string[];
};

/**
 * Reads the session cookie from a raw Cookie header, the one way every reader of the
 * request agrees on. A browser sends two cookies of one name when another origin or path
 * has planted a second one (cookie tossing), and the readers disagree on such a header:
 * Next.js's cookies() keeps the last value, Auth.js the first, and Auth.js also joins
 * `name.0`, `name.1`, ... chunks into one value. Rather than pick a winner, a request with
 * more than one value, or any chunk, names no session at all.
 *
 * The header is split the way Next.js splits it (on ";" and the spaces after it), so the
 * one value read here is exactly the value cookies() sees, whitespace included (a value
 * with a space in it is no token for either). A name padded with whitespace is a name to
 * Auth.js, which trims, but not to Next.js: readers would disagree, so it is ambiguous too.
 */
export function readSessionCookie(cookieHeader: string | null | undefined, name: string): SessionCookieRead {
  const values: string[] = [];
  const names = new Set<string>();
  let odd = false;
  // Stryker disable next-line StringLiteral: equivalent, any text without "=" names no session cookie, as "" does.
  for (const pair of (cookieHeader ?? "").split(/; */)) {
    const split = pair.indexOf("=");
    // A pair without "=" is a value-only cookie; Next.js reads it as a cookie of that name.
    const rawKey = split === -1 ? pair : pair.slice(0, split);
    const key = rawKey.trim();
    if (key === name) {
      names.add(key);
      values.push(split === -1 ? "" : pair.slice(split + 1));
      if (rawKey !== name) odd = true;
    } else if (key.startsWith(`${name}.`) && /^\d+$/.test(key.slice(name.length + 1))) {
      names.add(key);
      odd = true;
    }
  }
  if (values.length > 1 || odd) return { ambiguous: true, names: [...names], candidates: values.map(decodeCookieValue).filter(isDefined) };
  const token = decodeCookieValue(values[0]);
  return { token, ambiguous: false, names: [...names], candidates: token === undefined ? [] : [token] };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

// Percent-decoded as Next.js's cookies() decodes it; a value that does not decode is no token.
function decodeCookieValue(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  }
  // Stryker disable next-line BlockStatement: equivalent, an empty catch also returns undefined.
  catch {
    return undefined;
  }
}
