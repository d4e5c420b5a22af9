import { describe, expect, it } from "vitest";
import { isDifferentBrowser, parseUserAgent } from "@/lib/http/user-agent";

// Real user agents, as browsers sent them. The hijack signal (lib/session/store.ts) ends a
// session whose presenting browser is "different"; these pin down what that word means.
const CHROME_130_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
const CHROME_131_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36";
const CHROME_131_MACOS = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const HEADLESS_CHROME_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
const CHROME_156_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const FIREFOX_132_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0";
const FIREFOX_133_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const EDGE_131_WINDOWS = `${CHROME_131_WINDOWS} Edg/131.0.2903.70`;
const SAFARI_18_MACOS = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15";
const SAFARI_18_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const CURL = "curl/8.5.0";

describe("parseUserAgent", () => {
  it.each([
    [CHROME_131_WINDOWS, { family: "Chrome", version: "131", os: "Windows" }],
    [HEADLESS_CHROME_LINUX, { family: "Chrome", version: "156", os: "Linux" }],
    [EDGE_131_WINDOWS, { family: "Edge", version: "131", os: "Windows" }],
    [FIREFOX_133_WINDOWS, { family: "Firefox", version: "133", os: "Windows" }],
    [SAFARI_18_MACOS, { family: "Safari", version: "18", os: "macOS" }],
    [SAFARI_18_IPHONE, { family: "Safari", version: "18", os: "iOS" }],
    [CHROME_ANDROID, { family: "Chrome", version: "131", os: "Android" }],
    [CURL, { family: "curl", version: "8", os: null }],
    ["something odd", { family: null, version: null, os: null }],
    [null, { family: null, version: null, os: null }],
  ])("reads %s", (userAgent, parsed) => {
    expect(parseUserAgent(userAgent)).toEqual(parsed);
  });
});

describe("isDifferentBrowser", () => {
  it.each([
    ["Chrome updated itself (130 to 131)", CHROME_130_WINDOWS, CHROME_131_WINDOWS],
    ["Firefox updated itself (132 to 133)", FIREFOX_132_WINDOWS, FIREFOX_133_WINDOWS],
    ["headless and headed Chrome on one system", HEADLESS_CHROME_LINUX, CHROME_156_LINUX],
    ["the very same header", SAFARI_18_IPHONE, SAFARI_18_IPHONE],
    ["a session that recorded no user agent", null, FIREFOX_133_WINDOWS],
    ["no user agent on either side", null, null],
    ["two headers nobody recognises", "something odd", "something else"],
  ])("keeps the session: %s", (_, createdWith, presentedWith) => {
    expect(isDifferentBrowser(createdWith, presentedWith)).toBe(false);
  });

  it.each([
    ["Chrome to Firefox, same system", CHROME_131_WINDOWS, FIREFOX_133_WINDOWS],
    ["Chrome to Edge, which also says Chrome", CHROME_131_WINDOWS, EDGE_131_WINDOWS],
    ["Windows to macOS, same browser and version", CHROME_131_WINDOWS, CHROME_131_MACOS],
    ["macOS Safari to iPhone Safari", SAFARI_18_MACOS, SAFARI_18_IPHONE],
    ["a browser to a script", CHROME_131_WINDOWS, CURL],
    ["a browser to no user agent at all", CHROME_131_WINDOWS, null],
    ["a browser to a header nobody recognises", CHROME_131_WINDOWS, "something odd"],
    ["an unrecognised header to a browser", "something odd", CHROME_131_WINDOWS],
  ])("sees another browser: %s", (_, createdWith, presentedWith) => {
    expect(isDifferentBrowser(createdWith, presentedWith)).toBe(true);
  });
});
