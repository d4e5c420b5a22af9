import { checkDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

// For load balancers and uptime checks: 200 only when the database answers. Every call
// asks the database (a load balancer's probe must see recovery at once; see
// lib/db-health.ts), and the reason is a short fixed phrase, never an error message that
// could name a path.
export async function GET(): Promise<Response> {
  const status = await checkDatabase({ recheck: true });
  const headers = { "Cache-Control": "no-store" };
  if (status.ok) return Response.json({ status: "ok" }, { headers });
  return Response.json({ status: "unavailable", reason: status.reason }, { status: 503, headers: { ...headers, "Retry-After": "10" } });
}
