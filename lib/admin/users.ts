import "server-only";
import { z } from "zod";
import { db, provider, type Transaction } from "@/lib/db";
import { Prisma, type Role } from "@/lib/generated/prisma/client";
import { deleteAccountTokens } from "@/lib/auth/account-tokens";
import type { Device } from "@/lib/http/device";
import { recordSecurityEvent, sessionReference } from "@/lib/security/events";
import { listUserSessions, revokeAllUserSessions, revokeUserSession, type Session } from "@/lib/session/store";
import { parseRecordId } from "@/lib/record-id";
import { AdminRefusal, adminTransaction, sessionsEndedSentence, type AdminChange, type AdminResult } from "./access";

// Managing other people's accounts: the list, one account's page, and the four changes an
// admin can make. Every change that alters what a user may do (their role, whether they
// may sign in at all) ends all of that user's sessions in the same transaction, and no
// change may leave the shop without an enabled admin.

/** The users page shows at most this many rows, and says so when there are more. */
export const USER_LIST_LIMIT = 50;

export type UserSearch = { ok: true; query: string } | { ok: false; message: string };

/** `?q=` of the users page: part of an email address, trimmed and bounded. */
export function parseUserSearch(value: unknown): UserSearch {
  const parsed = z
    .string({ error: "Search for one email address at a time." })
    .trim()
    .toLowerCase()
    .max(254, "Search for at most 254 characters.")
    .optional()
    .safeParse(value);
  // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, a failed parse always has an issue, so the fallback is never read.
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "" };
  return { ok: true, query: parsed.data ?? "" };
}

export type UserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  disabledAt: Date | null;
  createdAt: Date;
  liveSessions: number;
};

/** Users whose email contains `query`, newest first, at most USER_LIST_LIMIT of them. */
export async function listUsers(query: string, now = new Date()): Promise<{ users: UserRow[]; total: number }> {
  // The text is matched as typed. Prisma's `contains` becomes SQL LIKE without escaping,
  // so a `_` (common in emails) or `%` in the search would be a wildcard, and SQLite's
  // LIKE has no default escape character; instr() has no wildcards. The query is a bound
  // parameter of a tagged template, never spliced into the SQL. PostgreSQL names the same
  // function strpos().
  const contains = provider === "postgresql" ? Prisma.sql`strpos(email, ${query}) > 0` : Prisma.sql`instr(email, ${query}) > 0`;
  const page = await db.$queryRaw<{ id: string; total: number | bigint }[]>`
    SELECT id, COUNT(*) OVER () AS total FROM "User" WHERE ${contains}
    ORDER BY "createdAt" DESC, id DESC LIMIT ${USER_LIST_LIMIT}`;
  const rows = await db.user.findMany({
    where: { id: { in: page.map((row) => row.id) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      disabledAt: true,
      createdAt: true,
      // Live sessions only: an expired row waiting for housekeeping signs nobody in.
      _count: { select: { sessions: { where: { idleExpiresAt: { gt: now }, absoluteExpiresAt: { gt: now } } } } },
    },
  });
  return { total: Number(page[0]?.total ?? 0), users: rows.map(({ _count, ...user }) => ({ ...user, liveSessions: _count.sessions })) };
}

export type UserDetail = Omit<UserRow, "liveSessions"> & { sessions: Session[] };

/** One account and its live sessions, or null when the id is malformed or unknown (a 404). */
export async function getUserDetail(userId: unknown, now = new Date()): Promise<UserDetail | null> {
  const id = parseRecordId(userId);
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, name: true, email: true, role: true, disabledAt: true, createdAt: true },
  });
  return user && { ...user, sessions: await listUserSessions(id, now) };
}

async function findTarget(tx: Transaction, userId: string) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, name: true, role: true, disabledAt: true } });
  if (!user) throw new AdminRefusal("That user could not be found.");
  return user;
}

// Run after the change, inside its transaction: the count then includes every change
// committed before it, so two admins demoting each other cannot both succeed.
async function ensureAnAdminRemains(tx: Transaction, name: string): Promise<void> {
  const admins = await tx.user.count({ where: { role: "ADMIN", disabledAt: null } });
  if (admins === 0) {
    throw new AdminRefusal(`${name} is the only active admin. Make another account an admin first, so the shop always has one.`);
  }
}

/**
 * Makes a user an admin or a customer, and revokes all of their sessions in the same
 * transaction, on every device.
 *
 * Revoked, not rotated. Rotating means a new token in the user's cookie, and a cookie can
 * only be written in a response to that user's own browser: an admin's request cannot
 * reach it. Swapping their rows in the background would also race their requests in
 * flight, which would arrive with a token that no longer exists. Deleting the rows holds
 * on every instance at once, and the user's next sign-in is the rotation: a fresh token
 * issued at a fresh proof of identity, under the new role. (The role is read from the user
 * row at every session lookup anyway, so even without this a demoted admin's next request
 * gets a 404 under /admin; revocation also ends whatever else those sessions were doing.)
 * Promotion is treated the same way: new privileges start in a new session.
 */
export async function changeUserRole(adminId: string, input: { userId: string; role: Role }, device: Device): Promise<AdminResult> {
  return adminTransaction(adminId, "role_changed", async (tx) => {
    const target = await findTarget(tx, input.userId);
    const roleName = input.role === "ADMIN" ? "an admin" : "a customer";
    if (target.role === input.role) throw new AdminRefusal(`${target.name} is already ${roleName}.`);

    await tx.user.update({ where: { id: target.id }, data: { role: input.role } });
    await ensureAnAdminRemains(tx, target.name);
    await recordSecurityEvent({ type: "ROLE_CHANGED", userId: target.id, reason: "admin", device }, tx);
    const revoked = await revokeAllUserSessions(target.id, { reason: "role_change", device }, tx);
    return {
      message: `${target.name} is now ${roleName}. ${sessionsEndedSentence(revoked)}`,
      details: { userId: target.id, role: input.role, sessionsRevoked: revoked },
    };
  });
}

/**
 * Disabling an account: it cannot sign in (lib/auth/accounts.ts refuses it with the same
 * message as a wrong password) and every session it has is revoked in the same
 * transaction, so it is signed out everywhere at once. Its pending links (password reset,
 * email change) die too: an account is often disabled because someone else got in, and a
 * link that someone requested must not come back to life when the account is enabled.
 * Enabling lets it sign in again; there is nothing to restore.
 */
export async function setUserDisabled(adminId: string, input: { userId: string; disabled: boolean }, device: Device): Promise<AdminResult> {
  return adminTransaction(adminId, input.disabled ? "account_disabled" : "account_enabled", async (tx): Promise<AdminChange> => {
    const target = await findTarget(tx, input.userId);
    if ((target.disabledAt !== null) === input.disabled) {
      throw new AdminRefusal(`${target.name}'s account is already ${input.disabled ? "disabled" : "enabled"}.`);
    }

    if (!input.disabled) {
      await tx.user.update({ where: { id: target.id }, data: { disabledAt: null } });
      await recordSecurityEvent({ type: "ACCOUNT_ENABLED", userId: target.id, reason: "admin", device }, tx);
      return { message: `${target.name}'s account is enabled. They can sign in again.`, details: { userId: target.id } };
    }

    await tx.user.update({ where: { id: target.id }, data: { disabledAt: new Date() } });
    await ensureAnAdminRemains(tx, target.name);
    await deleteAccountTokens(tx, target.id);
    await recordSecurityEvent({ type: "ACCOUNT_DISABLED", userId: target.id, reason: "admin", device }, tx);
    const revoked = await revokeAllUserSessions(target.id, { reason: "account_disabled_by_admin", device }, tx);
    return {
      message: `${target.name}'s account is disabled. ${sessionsEndedSentence(revoked)}`,
      details: { userId: target.id, sessionsRevoked: revoked },
    };
  });
}

/**
 * "Sign out everywhere", what an admin does for a user whose account someone else got
 * into: every session ends, and so does every pending link (a reset or an email change
 * the intruder may have asked for). The account stays as it is.
 */
export async function signOutUserEverywhere(adminId: string, input: { userId: string }, device: Device): Promise<AdminResult> {
  return adminTransaction(adminId, "signed_out_everywhere", async (tx) => {
    const target = await findTarget(tx, input.userId);
    await deleteAccountTokens(tx, target.id);
    const revoked = await revokeAllUserSessions(target.id, { reason: "admin", device }, tx);
    return {
      message: `${target.name} was signed out everywhere. ${sessionsEndedSentence(revoked)}`,
      details: { userId: target.id, sessionsRevoked: revoked },
    };
  });
}

/**
 * Revokes one session of one user (a device they lost, say). The user's id is part of
 * the delete itself: a session id of someone else, even a real one, matches nothing.
 */
export async function revokeSessionOfUser(adminId: string, input: { userId: string; sessionId: string }, device: Device): Promise<AdminResult> {
  return adminTransaction(adminId, "session_revoked", async (tx) => {
    const target = await findTarget(tx, input.userId);
    if (!(await revokeUserSession(target.id, input.sessionId, { reason: "admin", device }, tx))) throw new AdminRefusal("That session has already ended.");
    return {
      message: `Session revoked. ${target.name} is signed out on that device.`,
      // The log names the session as the activity log does: the id is the token's hash,
      // and would find the live row for whoever reads the logs.
      details: { userId: target.id, sessionRef: sessionReference(input.sessionId) },
    };
  });
}
