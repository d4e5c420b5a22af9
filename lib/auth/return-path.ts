// Where to send the user after signing in. The value comes from a query string (`?next=`)
// that anyone can put in a link, so it is an open-redirect vector unless it is restricted
// to a path on this site. Anything doubtful becomes "/": a wrong landing page is harmless,
// a redirect to an attacker's look-alike sign-in page is not.

const FALLBACK = "/";

/** Where an anonymous visitor is sent, carrying the page to come back to. */
export function loginPath(returnTo: string): string {
  return `/login?next=${encodeURIComponent(returnTo)}`;
}
/** Where a signed-in user is sent to prove who they are again (step-up), and come back from. */
export function confirmPath(returnTo: string): string {
  return `/account/confirm?next=${encodeURIComponent(returnTo)}`;
}

const MAX_LENGTH = 2048;

// Control characters (including tab and newline) are stripped by URL parsers, so
// "/\t/evil.example" would become "//evil.example" in the browser.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length > MAX_LENGTH) return FALLBACK;
  if (CONTROL_CHARACTERS.test(value)) return FALLBACK;

  // A single leading slash (so not empty), and not "//host" or "/\host": browsers treat a
  // backslash like a slash, and both of those are protocol-relative URLs to another site.
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return FALLBACK;

  // Let the URL parser have the last word: resolved against a placeholder origin, the
  // result must still be on that origin. A path-only reference against a valid base
  // always parses, so no try/catch is needed.
  const base = "http://return-path.invalid";
  const url = new URL(value, base);
  // Stryker disable next-line ConditionalExpression: defence in depth; no input that passes the checks above changes the origin, so no test can make this branch differ.
  if (url.origin !== base) return FALLBACK;

  const path = `${url.pathname}${url.search}${url.hash}`;
  // The parser turns backslashes into slashes and resolves dot segments ("/./\evil"
  // becomes "//evil"): re-check the normalised form.
  return path.startsWith("//") ? FALLBACK : path;
}
