import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { isSessionCookieHeader } from "@/lib/session/cookie";

// lib/session is the only writer of the session cookie. Auth.js's database strategy
// re-sends the cookie on every /api/auth/session answer with an expiry of its own making
// (now + maxAge), which would keep it in the browser past the absolute timeout. Its copy
// is dropped here; the cookie lib/session set, expiring with the session, stays as it was.
async function withoutSessionCookieWrites(response: Response): Promise<Response> {
  const setCookies = response.headers.getSetCookie();
  const kept = setCookies.filter((cookie) => !isSessionCookieHeader(cookie));
  if (kept.length === setCookies.length) return response;
  const headers = new Headers(response.headers);
  headers.delete("set-cookie");
  for (const cookie of kept) headers.append("set-cookie", cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export async function GET(request: NextRequest): Promise<Response> {
  return withoutSessionCookieWrites(await handlers.GET(request));
}

export async function POST(request: NextRequest): Promise<Response> {
  return withoutSessionCookieWrites(await handlers.POST(request));
}
