import { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { isSessionCookieHeader, readSessionCookie, sessionCookieFor } from "@/lib/session/cookie";

// The Auth.js routes the shop serves. Everything else under /api/auth (its built-in sign-in,
// sign-out and error pages, and flows for providers the shop does not have) answers a plain
// 404: each is surface to attack, several crashed with a 500 on odd input, and their HTML
// names the framework. A provider added to auth.ts adds its routes here, for example
// "csrf", "providers", "signin/github", "callback/github" and "signout".
const AUTH_ROUTES: Record<"GET" | "POST", ReadonlySet<string>> = {
  GET: new Set(["session"]),
  POST: new Set(),
};

type Context = { params: Promise<{ nextauth: string[] }> };

export async function GET(request: NextRequest, context: Context): Promise<Response> {
  return answer("GET", request, context);
}

export async function POST(request: NextRequest, context: Context): Promise<Response> {
  return answer("POST", request, context);
}

async function answer(method: "GET" | "POST", request: NextRequest, { params }: Context): Promise<Response> {
  const route = (await params).nextauth.join("/");
  if (!AUTH_ROUTES[method].has(route)) return Response.json({ error: "Not found" }, { status: 404 });
  const handler = method === "GET" ? handlers.GET : handlers.POST;
  return withoutSessionCookieWrites(await handler(withOnlySessionCookie(request)));
}

// Auth.js reads cookies of its own (callback URL, CSRF token, PKCE state) and crashes on
// malformed ones, and it reads the session cookie its own way (first of two values, chunks
// joined). None of the routes above needs anything but the session, so Auth.js is handed
// that one cookie, read the way the rest of the app reads it: none at all when the request
// carried two values (proxy.ts clears them and logs the attempt).
function withOnlySessionCookie(request: NextRequest): NextRequest {
  const { name } = sessionCookieFor(request.headers);
  const { token } = readSessionCookie(request.headers.get("cookie"), name);
  const headers = new Headers(request.headers);
  headers.delete("cookie");
  if (token) headers.set("cookie", `${name}=${encodeURIComponent(token)}`);
  return new NextRequest(request, { headers });
}

// lib/session is the only writer of the session cookie. Auth.js's database strategy
// re-sends the cookie on every /api/auth/session answer with an expiry of its own making
// (now + maxAge), which would keep it in the browser past the absolute timeout. Its copy
// is dropped here; the cookie lib/session set, expiring with the session, stays as it was.
function withoutSessionCookieWrites(response: Response): Response {
  const setCookies = response.headers.getSetCookie();
  const kept = setCookies.filter((cookie) => !isSessionCookieHeader(cookie));
  if (kept.length === setCookies.length) return response;
  const headers = new Headers(response.headers);
  headers.delete("set-cookie");
  for (const cookie of kept) headers.append("set-cookie", cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
