import "server-only";
import { db, type Transaction } from "@/lib/db";
import { requestLog } from "@/lib/log";

// What every admin change has in common. The pages and actions under app/admin have
// already checked the request (requireAdmin: an ADMIN inside the sudo window); the
// functions in lib/admin take that admin's id and check again, in the transaction that
// makes the change, so an admin demoted or disabled a moment ago cannot finish a change
// that their last page load allowed. Nothing here reads the request.

/** The answer of every admin change: what happened, in words the admin reads as is. */
export type AdminResult = { ok: true; message: string } | { ok: false; message: string };

/** An expected refusal inside an admin transaction; throwing it rolls the change back. */
export class AdminRefusal extends Error {}


/** What a change did: the sentence the admin reads, and the ids and counts the log keeps. */
export type AdminChange = { message: string; details: Record<string, string | number> };

/**
 * Runs an admin's change in one transaction, after checking in that same transaction that
 * the admin is still an enabled ADMIN. An `AdminRefusal` thrown by the change rolls it
 * back and becomes the answer; any other error is a bug and propagates. A change that
 * committed is logged as one JSON line naming who did what to whom (ids and counts, never
 * a token or a password).
 */
export async function adminTransaction(
  adminId: string,
  action: string,
  change: (tx: Transaction) => Promise<AdminChange>,
): Promise<AdminResult> {
  let done: AdminChange;
  try {
    done = await db.$transaction(
      async (tx) => {
        const admins = await tx.user.count({ where: { id: adminId, role: "ADMIN", disabledAt: null } });
        if (admins === 0) throw new AdminRefusal("Only an admin can do that.");
        return change(tx);
      },
      // Rules such as "at least one admin remains" read rows and then write others, so two
      // admins acting at once must not both pass the check. SQLite runs one write
      // transaction at a time, which is already serializable; on PostgreSQL this level
      // makes the database refuse the second of two interleaved changes.
      // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent on SQLite, whose transactions are always serializable.
      { isolationLevel: "Serializable" },
    );
  } catch (error) {
    if (error instanceof AdminRefusal) return { ok: false, message: error.message };
    throw error;
  }
  (await requestLog()).info({ event: "admin_change", action, adminId, ...done.details }, "admin change");
  return { ok: true, message: done.message };
}

/** "Their 2 sessions were signed out." and its singular and empty forms. */
export function sessionsEndedSentence(count: number): string {
  if (count === 0) return "They had no session to sign out.";
  return count === 1 ? "Their 1 session was signed out." : `Their ${count} sessions were signed out.`;
}
