import { NextResponse, type NextRequest } from "next/server";
import { loginPath } from "@/lib/auth/return-path";
import { env } from "@/lib/env";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";
import { isHttpsRequest } from "@/lib/http/https";
import { log } from "@/lib/log";
import { readSessionCookie, sessionCookie } from "@/lib/session/cookie";
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

  if (PUBLIC_FILE.test(request.nextUrl.pathname) && (request.method === "GET" || request.method === "HEAD")) {
    return NextResponse.next();
  }

  const secure = isHttpsRequest(request.headers);
  const cookie = sessionCookie(secure);
  const sent = readSessionCookie(request.headers.get("cookie"), cookie.name);
  const { session, user } = await validateSessionToken(sent.token);
  const hasCookie = sent.names.length > 0;

  const { pathname, search } = request.nextUrl;
  const needsUser = SIGNED_IN_ONLY.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

  let response: NextResponse;
  if (needsUser && !user && request.method === "GET") {
    response = NextResponse.redirect(new URL(loginPath(`${pathname}${search}`), request.url), 303);
  } else {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    const csp = contentSecurityPolicy(nonce, { secure, dev: env.NODE_ENV === "development" });
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
    for (const [name, value] of Object.entries(securityHeaders(csp, secure))) response.headers.set(name, value);
  }

  // A cookie that names no live session (expired, revoked, garbage, empty) is removed, so
  // the browser stops sending it.
  if (hasCookie && !session) response.cookies.set(cookie.name, "", { ...cookie.options, maxAge: 0 });
  // Two values for the session's name (or a chunk of it): someone planted a second cookie.
  // The request was anonymous above, and is to every later reader (lib/session/current.ts,
  // the Auth.js route). Every copy is cleared; a planted one may carry a Path or Domain a
  // plain delete cannot reach, so the browser is also told to drop this site's cookies.
  if (sent.ambiguous) {
    for (const name of sent.names) response.cookies.set(name, "", { ...cookie.options, maxAge: 0 });
    response.headers.set("Clear-Site-Data", '"cookies"');
    log.warn(
      { event: "session_cookie_ambiguous", cookieNames: sent.names, method: request.method, path: pathname },
      "request carried more than one session cookie; treated as anonymous",
    );
  }
  // Pages that depend on who is asking must never be stored by a shared cache.
  if (hasCookie) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

export const config = {
  // Every request but Next.js's own build assets. A path is no proof of what a request can
  // do, so files are told apart above by path and method together.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
