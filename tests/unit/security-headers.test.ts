import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";

// The response headers every page carries, directive by directive: each one closes a
// specific door (script injection, framing, sniffing, downgrade), so each is asserted.

function directives(csp: string): Map<string, string> {
  return new Map(csp.split("; ").map((part) => [part.split(" ")[0]!, part.slice(part.indexOf(" ") + 1)]));
}

describe("content security policy", () => {
  const production = () => directives(contentSecurityPolicy("n0nce", { secure: true, dev: false }));

  it("runs only scripts carrying this response's nonce, and what they load", () => {
    expect(production().get("script-src")).toBe("'self' 'nonce-n0nce' 'strict-dynamic'");
  });

  it("closes every other way in: plugins, base tags, foreign forms, framing, foreign fetches", () => {
    expect(Object.fromEntries(production())).toEqual({
      "default-src": "'self'",
      "script-src": "'self' 'nonce-n0nce' 'strict-dynamic'",
      "style-src": "'self' 'unsafe-inline'",
      "img-src": "'self' data: blob:",
      "font-src": "'self'",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
      "upgrade-insecure-requests": "upgrade-insecure-requests",
    });
  });

  it("without a nonce (responses proxy writes itself, next.config.ts's copy) runs no inline script", () => {
    const none = directives(contentSecurityPolicy(null, { secure: false, dev: true }));
    expect(none.get("script-src")).toBe("'self'");
    expect(none.get("frame-ancestors")).toBe("'none'");
  });

  it("allows eval only in development, and upgrades requests only over HTTPS", () => {
    const dev = directives(contentSecurityPolicy("n", { secure: false, dev: true }));
    expect(dev.get("script-src")).toBe("'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'");
    expect(dev.has("upgrade-insecure-requests")).toBe(false);
    // Over plain HTTP, exactly the ten directives and nothing added.
    expect([...directives(contentSecurityPolicy("n", { secure: false, dev: false })).keys()]).toEqual([
      "default-src", "script-src", "style-src", "img-src", "font-src", "connect-src", "object-src", "base-uri", "form-action", "frame-ancestors",
    ]);
    expect(production().get("script-src")).not.toContain("unsafe-eval");
  });
});

describe("security headers", () => {
  it("refuse framing and sniffing, limit referrers and powerful features, isolate the window", () => {
    expect(securityHeaders("the-csp", false)).toEqual({
      "Content-Security-Policy": "the-csp",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
  });

  it("add HSTS for two years over HTTPS only", () => {
    expect(securityHeaders("csp", true)["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(securityHeaders("csp", false)).not.toHaveProperty("Strict-Transport-Security");
  });
});

describe("cross-site write detection", () => {
  const host = "shop.example";
  it.each([
    ["a HEAD from anywhere", "HEAD", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, false],
    ["an OPTIONS from anywhere", "OPTIONS", { "sec-fetch-site": "cross-site" }, false],
    ["a lower-case get", "get", { "sec-fetch-site": "cross-site" }, false],
    ["a POST from a sibling subdomain (same-site, not same-origin)", "POST", { "sec-fetch-site": "same-site", origin: "https://shop.example" }, true],
    ["a DELETE marked cross-site", "DELETE", { "sec-fetch-site": "cross-site" }, true],
    ["a PUT from another origin", "PUT", { origin: "https://evil.example" }, true],
    ["a POST from another port of the same host", "POST", { origin: "https://shop.example:8443" }, true],
    ["a POST the user typed (Sec-Fetch-Site: none) from this origin", "POST", { "sec-fetch-site": "none", origin: "https://shop.example" }, false],
    ["a same-origin POST without Sec-Fetch-Site (older browsers)", "POST", { origin: "https://shop.example" }, false],
  ])("%s", (_label, method, headers, refused) => {
    expect(isCrossSiteWrite(method, new Headers(headers), host)).toBe(refused);
  });
});
