// What every check reports, and the list of checks in the order they are printed.

export type Status = "PASS" | "FAIL" | "UNKNOWN";

export type CheckResult = {
  id: CheckId;
  status: Status;
  /** One sentence a reader can act on: what was seen, and why it matters. */
  why: string;
};

export const CHECKS = {
  "cookie.httponly": "HttpOnly: page scripts cannot read the token",
  "cookie.secure": "Secure: the token never travels over plain HTTP",
  "cookie.samesite": "SameSite Lax or Strict: left off cross-site requests",
  "cookie.prefix": "__Host- (or __Secure-) prefix: no subdomain can overwrite it",
  "cookie.path": "Path covers the whole signed-in area, set explicitly",
  "cookie.domain": "No Domain: host-only, not shared with subdomains",
  "cookie.persistence": "No Max-Age or Expires: gone when the browser closes",
  "token.length": "Token length: at least 128 bits of token",
  "token.charset": "Token character set: opaque, carries no readable data",
  "token.uniqueness": "Fresh tokens are unique, with at least 64 bits of entropy",
  "fixation.rotation": "Sign-in replaces the pre-login token, which stops working",
  "fixation.planted": "A token chosen by the client is never adopted",
  "signout.server": "Sign-out ends the session on the server",
  "signout.replay": "A request captured before sign-out is refused after it",
  "cache.authenticated": "Signed-in pages are sent with Cache-Control: no-store",
  "csrf.cross-origin-post": "A POST from another site's Origin is refused",
  "timeout.idle": "An idle session expires",
  "timeout.absolute": "An active session still expires at its absolute limit",
  "garbage.cookies": "Garbage cookies get an answer, never a 5xx",
} as const;

export type CheckId = keyof typeof CHECKS;

export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

export const pass = (id: CheckId, why: string): CheckResult => ({ id, status: "PASS", why });
export const fail = (id: CheckId, why: string): CheckResult => ({ id, status: "FAIL", why });
export const unknown = (id: CheckId, why: string): CheckResult => ({ id, status: "UNKNOWN", why });

/**
 * The audit cannot run at all (site unreachable, sign-in refused, no browser): not a
 * finding about the site's sessions, so it gets an exit code of its own.
 */
export class AuditError extends Error {
  override name = "AuditError";
}
