import { unavailableJson } from "@/app/_lib/unavailable";
import { checkDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

// For load balancers and uptime checks: 200 only when the database answers. Every call
// asks the database (a load balancer's probe must see recovery at once; see
// lib/db-health.ts), and the reason is a short fixed phrase, never an error message that
// could name a path.
export async function GET(): Promise<Response> {
  const status = await checkDatabase({ recheck: true });
  if (status.ok) return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  return unavailableJson(status.reason);
}
