import { isIP } from "node:net";

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
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() ?? "";
  const ip = forwarded.replace(/^::ffff:/, "");
  const userAgent = headers.get("user-agent")?.slice(0, MAX_USER_AGENT_LENGTH) ?? null;
  return { ipAddress: isIP(ip) ? ip : null, userAgent: userAgent || null };
}
