import "server-only";
import { db } from "@/lib/db";
import { isLoopbackHost, type Env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/client";

// The demo's two accounts: created by the seed (prisma/seed.ts) and listed, with their
// passwords, on the sign-in page of the local demo, so a first-time visitor can try the
// shop and its admin area without reading the README. Their passwords are published; they
// must never work, or be advertised, on a real deployment.

export type DemoAccount = { name: string; email: string; password: string; role: Role };

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { name: "Alice Liddell", email: "alice@example.com", password: "wonderland-demo-42", role: "CUSTOMER" },
  { name: "Shop Admin", email: "admin@example.com", password: "admin-demo-password-77", role: "ADMIN" },
];

/**
 * Whether this server is the local demo: reachable from this machine only (bound to
 * loopback), with no proxy in front and no public address (AUTH_URL) configured. The same
 * conditions under which lib/env.ts lets a production server run without AUTH_URL. Any
 * server that others can reach fails at least one of them, whatever NODE_ENV says.
 */
export function isLocalDemo(env: Pick<Env, "AUTH_URL" | "HOST" | "TRUSTED_PROXY_COUNT">): boolean {
  return env.AUTH_URL === undefined && isLoopbackHost(env.HOST) && env.TRUSTED_PROXY_COUNT === 0;
}

/**
 * The demo accounts to show on the sign-in page: none unless this is the local demo, and
 * then only those the seed actually created (an account someone deleted, or a database
 * that was never seeded, is not advertised).
 */
export async function demoAccountsToShow(env: Pick<Env, "AUTH_URL" | "HOST" | "TRUSTED_PROXY_COUNT">): Promise<DemoAccount[]> {
  if (!isLocalDemo(env)) return [];
  const existing = await db.user.findMany({
    where: { email: { in: DEMO_ACCOUNTS.map((account) => account.email) }, disabledAt: null },
    select: { email: true },
  });
  const emails = new Set(existing.map((user) => user.email));
  return DEMO_ACCOUNTS.filter((account) => emails.has(account.email));
}
