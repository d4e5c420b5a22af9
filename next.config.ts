import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // No "X-Powered-By: Next.js": there is no reason to tell a scanner what to try.
  poweredByHeader: false,
  // better-sqlite3 is a native addon; bundling it would break its .node binding.
  serverExternalPackages: ["better-sqlite3", "bcrypt"],
  typedRoutes: false,
};

export default nextConfig;
