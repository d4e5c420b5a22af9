import { isIP } from "node:net";

// The device a request comes from, as the sessions page shows it: IP address and user
// agent. Read from the request's headers; stored on the session row.
export type Device = {
  ipAddress: string | null;
  userAgent: string | null;
};

const MAX_USER_AGENT_LENGTH = 512;

// The IP is shown to the user on the sessions page and is never used for an access
// decision, because it cannot be trusted for one: X-Forwarded-For is whatever the client
// or the proxies in front of the app wrote. The right-most entry is the one added by the
// proxy nearest to the app; anything to its left may be invented by the client.
export function deviceFromHeaders(headers: Headers): Device {
  // Stryker disable next-line OptionalChaining: equivalent, split() always returns at least one element.
  const last = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  // An IPv4 address seen through an IPv6 socket ("::ffff:192.0.2.1") is shown as IPv4.
  const ip = last?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  const userAgent = headers.get("user-agent")?.slice(0, MAX_USER_AGENT_LENGTH) ?? null;
  return { ipAddress: ip && isIP(ip) ? ip : null, userAgent: userAgent || null };
}
