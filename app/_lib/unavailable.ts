import "server-only";
import { NextResponse, type NextRequest } from "next/server";
import { checkDatabase } from "@/lib/db";

// What visitors get while the database is down: a 503 with Retry-After, answered by
// proxy.ts before Next.js renders anything (a page cannot set a 503 itself, and every page
// here reads the database). The page is plain HTML with no script and no database work,
// so it cannot fail the way the real pages would. A server action is refused before it
// runs, so it writes nothing.

const RETRY_AFTER_SECONDS = 10;

function unavailableHeaders(): Headers {
  return new Headers({ "Retry-After": String(RETRY_AFTER_SECONDS), "Cache-Control": "no-store" });
}

/** The JSON answer of every /api/* path, /api/health included, while the database is down. */
export function unavailableJson(reason: string): NextResponse {
  return NextResponse.json({ status: "unavailable", reason }, { status: 503, headers: unavailableHeaders() });
}

export async function respondWhileDatabaseDown(request: NextRequest): Promise<NextResponse | null> {
  const status = await checkDatabase();
  if (status.ok) return null;

  if (request.nextUrl.pathname.startsWith("/api/")) return unavailableJson(status.reason);
  const headers = unavailableHeaders();
  // Writes (server actions among them) get a short text answer; they never reach the app.
  if (request.method !== "GET" && request.method !== "HEAD") {
    headers.set("Content-Type", "text/plain; charset=utf-8");
    return new NextResponse("The shop is briefly unavailable; nothing was changed. Please try again shortly.", {
      status: 503,
      headers,
    });
  }

  // The security headers (a CSP that runs no script) are added by proxy.ts, as on every response it writes.
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new NextResponse(request.method === "HEAD" ? null : page(), { status: 503, headers });
}

function page(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>We'll be right back · Larkspur Goods</title>
<style>
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #fafaf9; color: #1c1917;
         font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", sans-serif; }
  main { max-width: 32rem; margin: 1.5rem; padding: 3rem 2rem; text-align: center; background: #fff;
         border: 1px solid #e7e5e4; border-radius: 1rem; }
  h1 { margin: 0; font-size: 1.75rem; color: #1b5a40; }
  p { color: #57534e; line-height: 1.6; }
  a { color: #1b5a40; font-weight: 600; }
</style>
</head>
<body>
<main>
<h1>We'll be right back</h1>
<p>Larkspur Goods is briefly unavailable while we sort out a problem on our side. Your cart and orders are safe.</p>
<p>Please try again in a minute. <a href="">Reload this page</a></p>
</main>
</body>
</html>
`;
}
