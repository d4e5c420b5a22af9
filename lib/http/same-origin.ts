// Cross-site request forgery, first line: a state-changing request must come from a page
// of this site. Browsers attach Origin to every cross-origin POST and Sec-Fetch-Site to
// every request, and a page cannot forge either. SameSite=Lax on the session cookie and
// Next.js's own Origin check on server actions are the second and third lines.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteWrite(method: string, headers: Headers, host: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;

  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite === "cross-site" || fetchSite === "same-site") return true;

  const origin = headers.get("origin");
  if (origin === null) return false; // non-browser clients; they carry no ambient cookie risk
  // "null" (sandboxed frames, data: URLs, privacy redirects) is not a URL: refused below.
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
