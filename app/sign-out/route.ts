import { requestHost } from "@/lib/http/https";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
import { clearSessionCookie, currentDevice, readSentSessionTokens } from "@/lib/session/current";
import { invalidateSessionTokens } from "@/lib/session/store";

// Sign-out: a POST (never a GET, which an <img> tag or a prefetch could fire), refused
// cross-site by proxy.ts like every other write. It is a route handler rather than a
// server action because only a route handler sets response headers, and this response
// carries one: Clear-Site-Data tells the browser to drop this site's cookies, storage and
// cache, so a shared computer keeps nothing of the session, not even pages in its cache.
export async function POST(request: Request): Promise<Response> {
  // proxy.ts refused this already if it came from another site; a route handler has no
  // origin check of Next.js's own, so it checks again rather than trust proxy alone.
  if (isCrossSiteWrite(request.method, request.headers, requestHost(request.headers))) {
    return new Response("Cross-site request refused.", { status: 403, headers: { "Content-Type": "text/plain" } });
  }
  // The rows are deleted first: even a copy of the cookie that survives is worthless. Every
  // token sent is ended, also when a second, planted cookie made the request ambiguous:
  // otherwise a planted cookie would keep a stolen session alive past this sign-out.
  await invalidateSessionTokens(await readSentSessionTokens(), await currentDevice());
  await clearSessionCookie();
  // A relative Location: the redirect never depends on the request's Host header.
  return new Response(null, {
    status: 303,
    headers: { Location: "/", "Clear-Site-Data": '"cache", "cookies", "storage"', "Cache-Control": "no-store" },
  });
}
