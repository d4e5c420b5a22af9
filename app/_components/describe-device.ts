// Turns a User-Agent header into the words a person recognises on the sessions page
// ("Firefox 131", "macOS"). It is a label for humans, never a security signal: the header
// is whatever the client chose to send. Order matters: Edge and Opera also say "Chrome",
// and Chrome also says "Safari".

export type DeviceDescription = { browser: string; os: string };

const BROWSERS: ReadonlyArray<[name: string, pattern: RegExp]> = [
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

export function describeUserAgent(userAgent: string | null): DeviceDescription {
  if (!userAgent) return { browser: "Unknown browser", os: "Unknown system" };
  const browser = BROWSERS.map(([name, pattern]) => {
    const match = pattern.exec(userAgent);
    return match ? `${name} ${match[1]}` : null;
  }).find(Boolean);
  const os = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0];
  return { browser: browser ?? "Unknown browser", os: os ?? "Unknown system" };
}
