import { NextResponse, type NextRequest } from "next/server";
import { respondWhileDatabaseDown } from "@/app/_lib/unavailable";
import { env } from "@/lib/env";
import { refuseMalformedRequest } from "@/lib/http/malformed-request";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";
import { isSecureRequest, sessionCookie } from "@/lib/session/cookie";
import { validateSessionToken } from "@/lib/session/store";

// The first gate of every request (Next.js 16 runs proxy on the Node.js runtime, so it can
// use the database). It refuses cross-site writes, looks the session up (which enforces
// both timeouts and slides the idle one), sends anonymous visitors away from pages that
// need an account, and sets the security headers. Pages and actions check the session
// again themselves: a bug or bypass here must not open anything.

const SIGNED_IN_ONLY = ["/checkout", "/orders", "/account"];

// Files in public/ are read with GET. They need no session lookup, which would cost a
// database query per image. Only reads are let through: a POST to /products/x.svg reaches
// the /products/[slug] page and can carry a server action, so it gets every check.
const PUBLIC_FILE = /\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$/;

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? "";
  if (isCrossSiteWrite(request.method, request.headers, host)) {
    return new NextResponse("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain" } });
  }
  const refused = await refuseMalformedRequest(request);
  if (refused) return refused;

  if (PUBLIC_FILE.test(request.nextUrl.pathname) && (request.method === "GET" || request.method === "HEAD")) {
    return NextResponse.next();
  }
  const unavailable = await respondWhileDatabaseDown(request);
  if (unavailable) return unavailable;

  const secure = isSecureRequest(request.headers, env.AUTH_URL);
  const cookie = sessionCookie(secure);
  const token = request.cookies.get(cookie.name)?.value;
  const { session, user } = await validateSessionToken(token);

  const { pathname, search } = request.nextUrl;
  const needsUser = SIGNED_IN_ONLY.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

  let response: NextResponse;
  if (needsUser && !user && request.method === "GET") {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${search}`);
    response = NextResponse.redirect(login, 303);
  } else {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    const csp = contentSecurityPolicy(nonce, { secure, dev: env.NODE_ENV === "development" });
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
    for (const [name, value] of Object.entries(securityHeaders(csp, secure))) response.headers.set(name, value);
  }

  // A cookie that names no live session (expired, revoked, garbage) is removed, so the
  // browser stops sending it.
  if (token !== undefined && !session) response.cookies.set(cookie.name, "", { ...cookie.options, maxAge: 0 });
  // Pages that depend on who is asking must never be stored by a shared cache.
  if (token !== undefined) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

export const config = {
  // Every request but Next.js's own build assets. A path is no proof of what a request can
  // do, so files are told apart above by path and method together.
  // Only the real folders are skipped: "/_next/staticfoo" is a page path like any other.
  matcher: ["/((?!_next/static/|_next/image$).*)"],
};
