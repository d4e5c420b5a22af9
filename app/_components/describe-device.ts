import { parseUserAgent } from "@/lib/http/user-agent";

// Turns a User-Agent header into the words a person recognises on the sessions page
// ("Firefox 131", "macOS"). The parsing rules live in lib/http/user-agent.ts, shared with
// the hijack signal, so the page names a browser exactly as the check sees it.

export type DeviceDescription = { browser: string; os: string };

export function describeUserAgent(userAgent: string | null): DeviceDescription {
  const { family, version, os } = parseUserAgent(userAgent);
  return { browser: family ? `${family} ${version}` : "Unknown browser", os: os ?? "Unknown system" };
}
