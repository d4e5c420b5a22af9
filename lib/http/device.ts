import { isIP } from "node:net";

// The device a request comes from, as the sessions page shows it: IP address and user
// agent. Read from the request's headers; stored on the session row.
export type Device = {
  ipAddress: string | null;
  userAgent: string | null;
};

const MAX_USER_AGENT_LENGTH = 512;

// The IP is shown on the sessions page and counts guest sessions per network. The
// production server (scripts/server.mjs) has already replaced X-Forwarded-For with the one
// address it decided from the socket and TRUSTED_PROXY_COUNT (lib/http/forwarded.mjs).
// Under a plain `next start` the header may still be the client's own, so only its
// right-most entry is taken, the one nearest to the app; it is never an identity.
export function deviceFromHeaders(headers: Headers): Device {
  // Stryker disable next-line OptionalChaining: equivalent, split() always returns at least one element.
  const last = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  const ip = last === undefined ? undefined : unmapped(last);
  const userAgent = headers.get("user-agent")?.slice(0, MAX_USER_AGENT_LENGTH) ?? null;
  return { ipAddress: ip && isIP(ip) ? ip : null, userAgent: userAgent || null };
}

const MAPPED_IPV4_PREFIX = "::ffff:";

// An IPv4 address seen through an IPv6 socket ("::ffff:192.0.2.1") is shown as IPv4.
function unmapped(ip: string): string {
  const ipv4 = ip.slice(MAPPED_IPV4_PREFIX.length);
  return ip.toLowerCase().startsWith(MAPPED_IPV4_PREFIX) && isIP(ipv4) === 4 ? ipv4 : ip;
}
