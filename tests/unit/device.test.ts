import { describe, expect, it } from "vitest";
import { deviceFromHeaders } from "@/lib/http/device";
import { isHttps, isHttpsRequest, requestHost } from "@/lib/http/https";
import { isHttpsUrl } from "@/lib/http/https-url";
import { isSessionCookieHeader, sessionCookie } from "@/lib/session/cookie";
import { describeUserAgent } from "@/app/_components/describe-device";

describe("client info", () => {
  it("takes the right-most X-Forwarded-For entry, the one the nearest proxy wrote", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.4", "user-agent": "curl/8.5.0" });
    expect(deviceFromHeaders(headers)).toEqual({ ipAddress: "198.51.100.4", userAgent: "curl/8.5.0" });
  });

  it("stores no IP rather than a string that is not one", () => {
    expect(deviceFromHeaders(new Headers({ "x-forwarded-for": "<script>" })).ipAddress).toBeNull();
    expect(deviceFromHeaders(new Headers()).ipAddress).toBeNull();
  });

  it("unwraps IPv4-mapped IPv6 addresses and bounds the user agent", () => {
    const info = deviceFromHeaders(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1", "user-agent": "x".repeat(5000) }));
    expect(info.ipAddress).toBe("127.0.0.1");
    expect(info.userAgent).toHaveLength(512);
  });
});

describe("IPv4 addresses seen through IPv6", () => {
  it.each([
    ["::ffff:10.0.0.1", "10.0.0.1"],
    ["::FFFF:10.0.0.1", "10.0.0.1"],
    // Real IPv6 addresses that merely contain "::ffff:" are left whole.
    ["2001:db8::ffff:192.0.2.1", "2001:db8::ffff:192.0.2.1"],
    ["::ffff:abcd", "::ffff:abcd"],
    ["::ffff:192.168.100.200", "192.168.100.200"],
  ])("%s is shown as %s", (forwarded, shown) => {
    expect(deviceFromHeaders(new Headers({ "x-forwarded-for": forwarded })).ipAddress).toBe(shown);
  });

  it("stores no user agent rather than an empty one", () => {
    expect(deviceFromHeaders(new Headers({ "user-agent": "" })).userAgent).toBeNull();
  });
});

describe("session cookie", () => {
  it("calls a configured URL HTTPS only when it says https", () => {
    expect(isHttpsUrl("https://shop.example")).toBe(true);
    expect(isHttpsUrl("http://shop.example")).toBe(false);
    expect(isHttpsUrl("")).toBe(false);
    expect(isHttpsUrl(undefined)).toBe(false);
  });

  it("compares writes against the Host, or the nearest trusted proxy's X-Forwarded-Host", () => {
    const headers = new Headers({ host: "127.0.0.1:3000", "x-forwarded-host": "evil.example, shop.example" });
    expect(requestHost(headers, 0)).toBe("127.0.0.1:3000");
    expect(requestHost(headers, 1)).toBe("shop.example");
    expect(requestHost(new Headers({ "x-forwarded-host": "a.example, evil.example, shop.example" }), 1)).toBe("shop.example");
    expect(requestHost(new Headers({ host: "shop.example" }), 1)).toBe("shop.example");
    expect(requestHost(new Headers(), 0)).toBe("");
    // Under this server's own settings (no trusted proxy), the client's header is ignored.
    expect(requestHost(headers)).toBe("127.0.0.1:3000");
  });

  it("this server, reached directly with no AUTH_URL, ignores a client's claim of HTTPS", () => {
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "https" }))).toBe(false);
  });

  it("recognises a Set-Cookie of the session cookie under either name, and nothing else", () => {
    expect(isSessionCookieHeader("shop_session=abc; Path=/; HttpOnly")).toBe(true);
    expect(isSessionCookieHeader("__Host-shop_session=abc; Path=/; Secure")).toBe(true);
    expect(isSessionCookieHeader("shop_session_other=abc")).toBe(false);
    expect(isSessionCookieHeader("authjs.csrf-token=x; shop_session=abc")).toBe(false);
  });

  it("is HttpOnly and SameSite=Lax on every protocol", () => {
    for (const secure of [true, false]) {
      expect(sessionCookie(secure).options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    }
  });

  it("uses the __Host- prefix and Secure over HTTPS only", () => {
    expect(sessionCookie(true)).toMatchObject({ name: "__Host-shop_session", options: { secure: true } });
    expect(sessionCookie(false)).toMatchObject({ name: "shop_session", options: { secure: false } });
  });

  it("decides HTTPS from the configured URL first, then from a trusted proxy, never from the client", () => {
    const https = new Headers({ "x-forwarded-proto": "https" });
    const http = new Headers({ "x-forwarded-proto": "http" });
    const direct = { publicUrl: undefined, trustedProxies: 0 };
    const behindProxy = { publicUrl: undefined, trustedProxies: 1 };
    expect(isHttps(http, { ...direct, publicUrl: "https://shop.example" })).toBe(true);
    expect(isHttps(https, { ...behindProxy, publicUrl: "http://localhost:3000" })).toBe(false);
    // Reached directly, the header is the client's own words: ignored.
    expect(isHttps(https, direct)).toBe(false);
    expect(isHttps(new Headers({ "x-forwarded-proto": "HTTPS" }), behindProxy)).toBe(true);
    expect(isHttps(http, behindProxy)).toBe(false);
    expect(isHttps(new Headers(), behindProxy)).toBe(false);
    // The nearest proxy's entry is the right-most one; a client-written prefix does not count.
    expect(isHttps(new Headers({ "x-forwarded-proto": "https, http" }), behindProxy)).toBe(false);
    expect(isHttps(new Headers({ "x-forwarded-proto": "http, https" }), behindProxy)).toBe(true);
  });
});

describe("user agent description", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome 156", "Linux"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", "Chrome 156", "Linux"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0", "Edge 130", "Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:131.0) Gecko/20100101 Firefox/131.0", "Firefox 131", "macOS"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1", "Safari 17", "iOS"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36", "Chrome 129", "Android"],
  ])("describes %s", (ua, browser, os) => {
    expect(describeUserAgent(ua)).toEqual({ browser, os });
  });

  it("says so when it cannot tell", () => {
    expect(describeUserAgent(null)).toEqual({ browser: "Unknown browser", os: "Unknown system" });
    expect(describeUserAgent("something odd")).toEqual({ browser: "Unknown browser", os: "Unknown system" });
  });
});
