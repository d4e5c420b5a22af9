import { db } from "@/lib/db";
import { createSession } from "@/lib/session/store";
import { createUser } from "./db";

// Accounts and devices for the admin tests: an admin is a user whose row says ADMIN, and
// a "device" is a signed-in session row, as a sign-in in a browser would create.

export const device = { ipAddress: "203.0.113.77", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };

export async function createAdmin(overrides: { name?: string } = {}) {
  const user = await createUser(overrides);
  await db.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
  return { ...user, role: "ADMIN" as const };
}

/** Signs the user in on `count` devices; returns the new sessions (tokens included). */
export async function signInOn(userId: string, count: number) {
  const sessions = [];
  for (let index = 0; index < count; index += 1) sessions.push(await createSession({ userId, device }));
  return sessions;
}

export async function sessionIdsOf(userId: string): Promise<string[]> {
  return (await db.session.findMany({ where: { userId }, select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id);
}

export async function userRow(userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, disabledAt: true } });
}
