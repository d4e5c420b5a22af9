import type { NextConfig } from "next";
import { isHttpsUrl } from "./lib/http/https-url";
import { contentSecurityPolicy, securityHeaders } from "./lib/http/security-headers";

// HTTPS is known at start-up only from AUTH_URL; behind a trusted proxy without it,
// proxy.ts adds HSTS per request.
const secure = isHttpsUrl(process.env.AUTH_URL);

const nextConfig: NextConfig = {
  // No "X-Powered-By: Next.js": there is no reason to tell a scanner what to try.
  poweredByHeader: false,
  // better-sqlite3 is a native addon; bundling it would break its .node binding.
  serverExternalPackages: ["better-sqlite3", "bcrypt"],
  typedRoutes: false,
  // The security headers on every response, whether or not proxy.ts runs for it (it does
  // not for /_next/static). Proxy replaces the CSP with one that carries the page's nonce.
  async headers() {
    const headers = securityHeaders(contentSecurityPolicy(null, { secure, dev: false }), secure);
    return [{ source: "/:path*", headers: Object.entries(headers).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
