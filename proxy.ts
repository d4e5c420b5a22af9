import { NextResponse, type NextRequest } from "next/server";
import { SIGN_OUT_PATH } from "@/app/_lib/sign-out-path";
import { respondWhileDatabaseDown } from "@/app/_lib/unavailable";
import { loginPath } from "@/lib/auth/return-path";
import { sessionWriteCount } from "@/lib/db";
import { env } from "@/lib/env";
import { isActionRequest } from "@/lib/http/action-request";
import { deviceFromHeaders } from "@/lib/http/device";
import { isHttpsRequest, requestHost } from "@/lib/http/https";
import { refuseMalformedRequest } from "@/lib/http/malformed-request";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
import { contentSecurityPolicy, securityHeaders } from "@/lib/http/security-headers";
import { requestLog, withRequestId } from "@/lib/log";
import { signInWaitForAddress, tooManyAttempts } from "@/lib/security/throttle";
import { readSessionCookie, sessionCookie } from "@/lib/session/cookie";
import { issueSessionProof, SESSION_PROOF_HEADER } from "@/lib/session/proof";
import { signedOutNoticeCookie } from "@/lib/session/signed-out-notice";
import { validateSessionToken } from "@/lib/session/store";

// The first gate of every request (Next.js 16 runs proxy on the Node.js runtime, so it can
// use the database). It refuses cross-site writes, looks the session up (which enforces
// both timeouts and slides the idle one), sends anonymous visitors away from pages that
// need an account, and sets the security headers. Pages and actions check the session
// again themselves: a bug or bypass here must not open anything. The static security
// headers are also set in next.config.ts, so they hold where proxy does not run.

const SIGNED_IN_ONLY = ["/checkout", "/orders", "/account"];

// Where passwords are checked: the sign-in page (and anything below it), the step-up
// prompt, and Auth.js's sign-in and callback routes.
const SIGN_IN_ENDPOINT = /^\/(?:login(?:\/.*)?|account\/confirm|api\/auth\/(?:signin|callback)(?:\/.*)?)$/;

// Files in public/ are read with GET. They need no session lookup, which would cost a
// database query per image. Only reads are let through: a POST to /products/x.svg reaches
// the /products/[slug] page and can carry a server action, so it gets every check. The
// response still gets the security headers: `/nope.svg` is the app's 404 page.
const PUBLIC_FILE = /\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt)$/;

/**
 * Every request gets an id of proxy's own making (never one the client sent): on the
 * request the app renders (`x-request-id`, which lib/log.ts puts on every line a page or
 * action logs), on proxy's own log lines, and on the response (`X-Request-Id`), so a
 * user's report of a failed page can be matched to the server's lines.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const requestId = crypto.randomUUID();
  const response = await withRequestId(requestId, () => gate(request, requestId));
  response.headers.set("X-Request-Id", requestId);
  return response;
}

async function gate(request: NextRequest, requestId: string): Promise<NextResponse> {
  const secure = isHttpsRequest(request.headers);
  if (isCrossSiteWrite(request.method, request.headers, requestHost(request.headers))) {
    // Logged: a refused cross-site write is someone's page trying to act in a visitor's name.
    (await requestLog()).warn(
      { event: "cross_site_write_refused", method: request.method, path: request.nextUrl.pathname, origin: request.headers.get("origin") },
      "write from another site refused",
    );
    const refused = new NextResponse("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain" } });
    return withSecurityHeaders(refused, staticPolicy(secure), secure);
  }
  // Bodies Next.js cannot decode (too large, malformed) get a 4xx here, not its 500.
  const malformed = await refuseMalformedRequest(request);
  if (malformed) return withSecurityHeaders(malformed, staticPolicy(secure), secure);

  const { pathname, search } = request.nextUrl;
  const isFileRead = PUBLIC_FILE.test(pathname) && (request.method === "GET" || request.method === "HEAD");
  if (isFileRead) return render(request, secure, requestId);

  // While the database is down, a friendly 503 instead of a page that would fail with 500.
  const unavailable = await respondWhileDatabaseDown(request);
  if (unavailable) return withSecurityHeaders(unavailable, staticPolicy(secure), secure);

  // A client address blocked for failed sign-ins gets 429 from the sign-in endpoints before
  // any work is done. Server actions are answered by the action itself, whose form says
  // how long to wait; other POSTs (scripts, Auth.js routes) get the status and Retry-After.
  // Only these POSTs cost a throttle lookup.
  if (request.method === "POST" && SIGN_IN_ENDPOINT.test(pathname) && !isActionRequest(request.method, request.headers)) {
    const wait = await signInWaitForAddress(deviceFromHeaders(request.headers).ipAddress);
    if (wait > 0) {
      const refused = new NextResponse(`${tooManyAttempts(wait)}\n`, {
        status: 429,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(wait) },
      });
      return withSecurityHeaders(refused, staticPolicy(secure), secure);
    }
  }

  const cookie = sessionCookie(secure);
  // Read from the raw header: two values for the session's name are no session at all.
  const sent = readSessionCookie(request.headers.get("cookie"), cookie.name);
  const now = new Date();
  // Read before the lookup: a write to sessions or users that starts or ends from here on
  // voids the proof below (lib/session/proof.ts).
  const writesBeforeLookup = sessionWriteCount();
  const validation = await validateSessionToken(sent.token, now, deviceFromHeaders(request.headers));
  const { session, user } = validation;
  const hasCookie = sent.names.length > 0;
  const needsUser = SIGNED_IN_ONLY.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

  const response =
    needsUser && !user && request.method === "GET"
      ? withSecurityHeaders(NextResponse.redirect(new URL(loginPath(`${pathname}${search}`), request.url), 303), staticPolicy(secure), secure)
      : render(request, secure, requestId, sent.ambiguous ? null : issueSessionProof(sent.token, validation, requestId, writesBeforeLookup, now));

  // A cookie that names no live session (expired, revoked, garbage, empty) is removed, so
  // the browser stops sending it, and the sign-in page is told to say "You were signed
  // out" (lib/session/signed-out-notice.ts explains when the flag is raised and when not).
  // Neither happens on a read a script sent, such as a prefetch: the browser may apply its
  // answer after a sign-in or a sign-out has changed the cookie, and the deletion would
  // then end the new session, or the flag announce a sign-out the user made themselves.
  // The user's next page load, form or server action does both.
  if (hasCookie && !session && !isScriptRead(request)) {
    response.cookies.set(cookie.name, "", { ...cookie.options, maxAge: 0 });
    if (!sent.ambiguous && pathname !== SIGN_OUT_PATH) {
      const notice = signedOutNoticeCookie(secure);
      response.cookies.set(notice.name, notice.value, notice.options);
    }
  }
  // Two values for the session's name (or a chunk of it): someone planted a second cookie.
  // The request was anonymous above, and is to every later reader (lib/session/current.ts,
  // the Auth.js route). Every copy is cleared; a planted one may carry a Path or Domain a
  // plain delete cannot reach, so the browser is also told to drop this site's cookies.
  if (sent.ambiguous) {
    for (const name of sent.names) response.cookies.set(name, "", { ...cookie.options, maxAge: 0 });
    // Sign-out's own answer clears cache and storage too; a header set here would replace it.
    if (pathname !== SIGN_OUT_PATH) response.headers.set("Clear-Site-Data", '"cookies"');
    (await requestLog()).warn(
      { event: "session_cookie_ambiguous", cookieNames: sent.names, method: request.method, path: pathname },
      "request carried more than one session cookie; treated as anonymous",
    );
  }
  // Pages that depend on who is asking must never be stored by a shared cache.
  if (hasCookie) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

/**
 * A GET or HEAD that a script sent rather than the user: Next.js's router prefetching or
 * fetching a page, or a fetch() call (the browser says so in Sec-Fetch-Mode), or a page
 * the browser prefetches on a guess (Sec-Purpose, or the older Purpose). Proxy cannot tell
 * a router prefetch from the router's other reads: Next.js removes its router headers
 * (Next-Router-Prefetch, RSC) from the request before proxy sees it. A client without
 * Sec-Fetch-* headers (curl, an old browser) is taken at its word as the user.
 */
function isScriptRead(request: NextRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const mode = request.headers.get("sec-fetch-mode");
  const purpose = request.headers.get("sec-purpose") ?? request.headers.get("purpose") ?? "";
  return (mode !== null && mode !== "navigate") || /\bprefetch\b/i.test(purpose);
}

/**
 * Lets the request through to the app with a fresh CSP nonce, which Next.js stamps on its
 * scripts, and with proxy's session lookup sealed for the page when there is one. A proof
 * header the client sent is always removed: only proxy's own may reach the app.
 */
function render(request: NextRequest, secure: boolean, requestId: string, sessionProof: string | null = null): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, { secure, dev: env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-request-id", requestId);
  requestHeaders.delete(SESSION_PROOF_HEADER);
  if (sessionProof) requestHeaders.set(SESSION_PROOF_HEADER, sessionProof);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp, secure);
}

/** For responses proxy writes itself (403, redirects): nothing on them may run a script. */
function staticPolicy(secure: boolean): string {
  return contentSecurityPolicy(null, { secure, dev: false });
}

function withSecurityHeaders(response: NextResponse, csp: string, secure: boolean): NextResponse {
  for (const [name, value] of Object.entries(securityHeaders(csp, secure))) response.headers.set(name, value);
  return response;
}

export const config = {
  // Every request but Next.js's own build assets. The prefixes are exact: "/_next/staticfoo"
  // is an ordinary path (the app's 404 page, which carries actions and needs every check).
  matcher: ["/((?!_next/static/|_next/image$).*)"],
};
