// The site under audit as the raw requests see it: its address, its session cookie's
// names, and the one question most checks ask: does this Cookie header open the account?
import type { AuditConfig } from "./config";
import { send, type RawRequest, type RawResponse } from "./http";

export type Site = {
  base: URL;
  config: AuditConfig;
  insecure: boolean;
  /**
   * The browser's own User-Agent, sent with every raw request: a site that binds a session
   * to the browser it was created in (as this repository's shop does) would otherwise end
   * the session as stolen at the first raw request, and every later check would mislead.
   */
  userAgent: string;
};

export function url(site: Site, path: string): URL {
  return new URL(path, site.base);
}

/** The cookie's name as the config gives it, and with either prefix. */
export function sessionCookieNames(site: Site): string[] {
  const name = site.config.cookie;
  return [name, `__Host-${name}`, `__Secure-${name}`];
}

export function isSessionCookieName(site: Site, name: string): boolean {
  return sessionCookieNames(site).includes(name);
}

/** A raw request with the browser's User-Agent; other headers as given. */
export function request(site: Site, path: string | URL, init: RawRequest = {}): Promise<RawResponse> {
  return send(typeof path === "string" ? url(site, path) : path, {
    ...init,
    insecure: site.insecure,
    headers: { "User-Agent": site.userAgent, ...init.headers },
  });
}

/**
 * Whether a Cookie header is a signed-in one: the signed-in page answers 200 (a redirect
 * to the sign-in page is anonymous) and, when the config names a text, contains it.
 */
export async function isSignedIn(site: Site, cookieHeader: string): Promise<boolean> {
  const response = await request(site, site.config.signedIn.url, { headers: { Cookie: cookieHeader } });
  if (response.status !== 200) return false;
  return site.config.signedIn.text === undefined || response.body.includes(site.config.signedIn.text);
}

export function isLoopback(target: URL): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(target.hostname) || target.hostname.endsWith(".localhost");
}
