// Reads a User-Agent header as a browser family, its major version and an operating
// system. Two readers: the sessions and activity pages, which show "Firefox 131" on
// "macOS" (app/_components/describe-device.ts), and the hijack signal in lib/session,
// which compares the family and system a session was created with to the ones presenting
// it. The header is whatever the client chose to send, so it is never proof of anything:
// a thief who copies it exactly passes. What the comparison catches is the cookie that
// was copied and replayed from another browser without it.
//
// Order matters: Edge and Opera also say "Chrome", and Chrome also says "Safari".

export type ParsedUserAgent = {
  /** "Chrome", "Firefox", ...; null when no known browser matched. */
  family: string | null;
  /** The major version ("156"), which an automatic browser update changes. */
  version: string | null;
  /** "Windows", "macOS", ...; null when no known system matched. */
  os: string | null;
};

const BROWSERS: ReadonlyArray<[family: string, pattern: RegExp]> = [
  ["Edge", /Edg(?:e|A|iOS)?\/(\d+)/],
  ["Opera", /(?:OPR|Opera)\/(\d+)/],
  ["Samsung Internet", /SamsungBrowser\/(\d+)/],
  ["Firefox", /(?:Firefox|FxiOS)\/(\d+)/],
  ["Chrome", /(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/],
  ["Safari", /Version\/(\d+)(?:\.\d+)*.*Safari\//],
  ["curl", /^curl\/(\d+)/],
];

const SYSTEMS: ReadonlyArray<[name: string, pattern: RegExp]> = [
  ["iOS", /iPhone|iPad|iPod/],
  ["Android", /Android/],
  ["ChromeOS", /CrOS/],
  ["Windows", /Windows/],
  ["macOS", /Macintosh|Mac OS X/],
  ["Linux", /Linux/],
];

export function parseUserAgent(userAgent: string | null): ParsedUserAgent {
  const text = userAgent ?? "";
  let browser: { family: string; version: string } | null = null;
  for (const [family, pattern] of BROWSERS) {
    const match = pattern.exec(text);
    if (match) {
      browser = { family, version: match[1]! };
      break;
    }
  }
  const os = SYSTEMS.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
  return { family: browser?.family ?? null, version: browser?.version ?? null, os };
}

/**
 * Whether the browser presenting a session is not the one that created it: another
 * browser family or another operating system. A new version of the same browser is the
 * same browser (Chrome and Firefox update themselves every few weeks, mid-session). A
 * session that recorded no user agent has nothing to compare with, so it never differs;
 * one that did, presented with none or with one nobody recognises, does: stripping or
 * scrambling the header must not be a way around the check.
 */
export function isDifferentBrowser(createdWith: string | null, presentedWith: string | null): boolean {
  if (createdWith === null) return false;
  const created = parseUserAgent(createdWith);
  const presented = parseUserAgent(presentedWith);
  return created.family !== presented.family || created.os !== presented.os;
}
