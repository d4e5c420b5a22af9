// The session cookie's attributes, read from every Set-Cookie header that gave the browser
// a session token (deletions aside). The worst header decides: one sign-in answer without
// HttpOnly is enough for a script to read that token.
import { parseSetCookie, type Cookie } from "set-cookie-parser";
import type { SeenSetCookie } from "../browser";
import { fail, pass, unknown, type CheckId, type CheckResult } from "../result";

export type Transport = "https" | "loopback-http" | "http";

type Seen = { cookie: Cookie; from: string };

export type CookiePolicy = {
  transport: Transport;
  /** Pages the cookie must reach. */
  pagesUsed: string[];
  /** The longest lifetime accepted for a persistent cookie; none: it must not persist. */
  maxLifetimeSeconds?: number;
};

export function cookieFlagChecks(headers: SeenSetCookie[], { transport, pagesUsed, maxLifetimeSeconds }: CookiePolicy): CheckResult[] {
  const seen = headers
    .map(({ url, header }) => ({ cookie: parseSetCookie(header, { decodeValues: false })[0], from: url }))
    .filter((entry): entry is Seen => entry.cookie !== undefined && isIssued(entry.cookie));
  if (seen.length === 0) {
    const ids: CheckId[] = ["cookie.httponly", "cookie.secure", "cookie.samesite", "cookie.prefix", "cookie.path", "cookie.domain", "cookie.persistence"];
    return ids.map((id) => unknown(id, "no Set-Cookie header for the session cookie reached the browser (set by a script?), so its attributes are unknown"));
  }
  return [httpOnly(seen), secure(seen, transport), sameSite(seen), prefix(seen, transport), path(seen, pagesUsed), domain(seen), persistence(seen, maxLifetimeSeconds)];
}

/** A header that hands out a token, not one that deletes the cookie. */
function isIssued(cookie: Cookie): boolean {
  if (cookie.value === "") return false;
  if (cookie.maxAge !== undefined && cookie.maxAge <= 0) return false;
  return cookie.expires === undefined || cookie.expires.getTime() > Date.now();
}

const where = (entry: Seen) => new URL(entry.from).pathname;

function httpOnly(seen: Seen[]): CheckResult {
  const bad = seen.find((entry) => !entry.cookie.httpOnly);
  return bad
    ? fail("cookie.httponly", `the Set-Cookie from ${where(bad)} has no HttpOnly: any script on the page, an injected one too, can read the token`)
    : pass("cookie.httponly", `HttpOnly on all ${seen.length} Set-Cookie headers seen: scripts cannot read the token`);
}

function secure(seen: Seen[], transport: Transport): CheckResult {
  if (transport === "http") return fail("cookie.secure", "the site was reached over plain HTTP beyond this machine: the token crosses the network in clear text, whatever its flags");
  const bad = seen.find((entry) => !entry.cookie.secure);
  if (!bad) return pass("cookie.secure", "Secure on every Set-Cookie: the browser never sends the token over http://");
  if (transport === "loopback-http") {
    return unknown("cookie.secure", "audited over plain HTTP on loopback, where a Secure cookie would not be stored; audit the HTTPS address of the deployment to check it");
  }
  return fail("cookie.secure", `the Set-Cookie from ${where(bad)} has no Secure: one http:// link or redirect sends the token in clear text`);
}

function sameSite(seen: Seen[]): CheckResult {
  for (const entry of seen) {
    const value = entry.cookie.sameSite?.toLowerCase();
    if (value === undefined) return fail("cookie.samesite", `the Set-Cookie from ${where(entry)} has no SameSite: Chromium treats that as Lax, other browsers send it on cross-site requests`);
    if (value !== "lax" && value !== "strict") return fail("cookie.samesite", `SameSite=${entry.cookie.sameSite} from ${where(entry)}: the browser sends the token with cross-site requests`);
  }
  return pass("cookie.samesite", `SameSite=${seen[0]?.cookie.sameSite}: the browser leaves the token off cross-site POSTs and subresource requests`);
}

function prefix(seen: Seen[], transport: Transport): CheckResult {
  const name = seen[0]?.cookie.name ?? "";
  if (name.startsWith("__Host-")) {
    const bad = seen.find((entry) => !entry.cookie.secure || entry.cookie.path !== "/" || entry.cookie.domain !== undefined);
    return bad
      ? fail("cookie.prefix", `${name} from ${where(bad)} lacks Secure or Path=/, or has a Domain: browsers refuse such a __Host- cookie`)
      : pass("cookie.prefix", `${name}: only this host, over HTTPS, can set it; no subdomain or plain-HTTP answer can overwrite it`);
  }
  if (name.startsWith("__Secure-")) return pass("cookie.prefix", `${name}: only a secure origin can set it (__Host- would also keep subdomains from setting it)`);
  if (transport === "loopback-http") {
    return unknown("cookie.prefix", `${name} has no prefix, as it must over plain HTTP (both prefixes require Secure); audit the HTTPS address to check it`);
  }
  return fail("cookie.prefix", `${name} has no __Host- or __Secure- prefix: a sibling subdomain or a plain-HTTP answer can plant a cookie of this name (cookie tossing, a route to fixation)`);
}

function path(seen: Seen[], pagesUsed: string[]): CheckResult {
  for (const entry of seen) {
    const explicit = entry.cookie.path;
    // RFC 6265 5.1.4: without Path, the directory of the URL that set the cookie.
    const from = where(entry);
    const effective = explicit ?? (from.lastIndexOf("/") > 0 ? from.slice(0, from.lastIndexOf("/")) : "/");
    const uncovered = pagesUsed.find((page) => !pathMatches(effective, page));
    if (uncovered) return fail("cookie.path", `the cookie's path ${effective} (from ${from}) does not cover ${uncovered}: the signed-in area gets no token, or a second cookie of the same name`);
    if (explicit === undefined && effective !== "/") {
      return fail("cookie.path", `no Path attribute: the browser scopes the cookie to ${effective}, the folder of ${from}, so another path can hold a second cookie of this name`);
    }
  }
  const paths = [...new Set(seen.map((entry) => entry.cookie.path ?? "(none, so /)"))].join(", ");
  return pass("cookie.path", `Path=${paths}: covers every page the audit used`);
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  const pathname = new URL(requestPath, "http://x").pathname;
  if (pathname === cookiePath) return true;
  return pathname.startsWith(cookiePath) && (cookiePath.endsWith("/") || pathname[cookiePath.length] === "/");
}

function domain(seen: Seen[]): CheckResult {
  const bad = seen.find((entry) => entry.cookie.domain !== undefined);
  return bad
    ? fail("cookie.domain", `Domain=${bad.cookie.domain} from ${where(bad)}: every subdomain receives the token, and any of them can set one`)
    : pass("cookie.domain", "no Domain attribute: a host-only cookie, sent to this host alone");
}

// Expires is a date on the site's clock: a minute of skew is not counted against it.
const CLOCK_SKEW_SECONDS = 60;

function persistence(seen: Seen[], maxLifetimeSeconds: number | undefined): CheckResult {
  const lifetimes = seen.flatMap((entry) => {
    const { maxAge, expires } = entry.cookie;
    if (maxAge !== undefined) return [{ entry, seconds: maxAge, attribute: "Max-Age" }];
    if (expires !== undefined) return [{ entry, seconds: Math.round((expires.getTime() - Date.now()) / 1000), attribute: "Expires" }];
    return [];
  });
  if (lifetimes.length === 0) return pass("cookie.persistence", "no Max-Age or Expires: the browser forgets the token when it closes");
  const longest = lifetimes.reduce((a, b) => (a.seconds >= b.seconds ? a : b));
  const what = `a persistent cookie (${longest.attribute}, about ${describeSeconds(longest.seconds)}, from ${where(longest.entry)})`;
  if (maxLifetimeSeconds === undefined) {
    return fail("cookie.persistence", `${what}: the token is written to disk and outlives the browser (set cookieMaxLifetimeSeconds if that is the site's policy)`);
  }
  return longest.seconds <= maxLifetimeSeconds + CLOCK_SKEW_SECONDS
    ? pass("cookie.persistence", `${what}, within the ${describeSeconds(maxLifetimeSeconds)} the config accepts: it survives a browser restart until then`)
    : fail("cookie.persistence", `${what}, longer than the ${describeSeconds(maxLifetimeSeconds)} the config accepts`);
}

export function describeSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
