import "server-only";
import { db, type Transaction } from "@/lib/db";
import type { AccountTokenPurpose, SecurityEventType } from "@/lib/generated/prisma/client";
import type { Device } from "@/lib/http/device";
import { recordSecurityEvent } from "@/lib/security/events";
import { generateSessionToken, hashSessionToken, isWellFormedToken } from "@/lib/session/token";

// The single-use links the shop mails (password reset, email change). Same shape and
// storage as session tokens (lib/session/token.ts): 256 random bits in the link, only
// their SHA-256 in the database, so a copy of the table opens no account. One live link
// per user and purpose: issuing a new one deletes the old in the same transaction, which
// also records the request in the user's activity log.

const REQUESTED: Record<AccountTokenPurpose, SecurityEventType> = {
  PASSWORD_RESET: "PASSWORD_RESET_REQUESTED",
  EMAIL_CHANGE: "EMAIL_CHANGE_REQUESTED",
};

export type AccountTokenRow = { id: string; userId: string; purpose: AccountTokenPurpose; email: string | null; expiresAt: Date };

export async function issueAccountToken(options: {
  userId: string;
  purpose: AccountTokenPurpose;
  ttlMs: number;
  /** For an email change: the new address, which the link confirms. */
  email?: string;
  /** The request that asked for the link. */
  device: Device;
  now?: Date;
}): Promise<string> {
  const { userId, purpose, ttlMs, email = null, device, now = new Date() } = options;
  const token = generateSessionToken();
  await db.$transaction(async (tx) => {
    await tx.accountToken.deleteMany({ where: { userId, purpose } });
    await tx.accountToken.create({
      data: { id: hashSessionToken(token), userId, purpose, email, createdAt: now, expiresAt: new Date(now.getTime() + ttlMs) },
    });
    await recordSecurityEvent({ type: REQUESTED[purpose], userId, device, now }, tx);
  });
  return token;
}

/** The live token's row, without using it up (the page that shows the form). */
export async function findAccountToken(token: unknown, purpose: AccountTokenPurpose, now = new Date()): Promise<AccountTokenRow | null> {
  if (!isWellFormedToken(token)) return null;
  return db.accountToken.findFirst({ where: { id: hashSessionToken(token), purpose, expiresAt: { gt: now } } });
}

/**
 * Uses the token up inside the caller's transaction and returns its row, or null when it
 * is malformed, unknown, expired, already used or replaced. The delete is the check: of
 * two requests racing with one link, only one deletes the row.
 */
export async function consumeAccountToken(
  tx: Transaction,
  token: unknown,
  purpose: AccountTokenPurpose,
  now = new Date(),
): Promise<AccountTokenRow | null> {
  if (!isWellFormedToken(token)) return null;
  const id = hashSessionToken(token);
  const row = await tx.accountToken.findFirst({ where: { id, purpose, expiresAt: { gt: now } } });
  if (!row) return null;
  const { count } = await tx.accountToken.deleteMany({ where: { id } });
  return count === 1 ? row : null;
}

/**
 * Makes the user's outstanding links of one purpose worthless, or every link of the user
 * when no purpose is given (a new password: see lib/auth/password-changes.ts).
 */
export async function deleteAccountTokens(tx: Transaction, userId: string, purpose?: AccountTokenPurpose): Promise<void> {
  // An undefined purpose is no condition at all to Prisma: every purpose matches.
  await tx.accountToken.deleteMany({ where: { userId, purpose } });
}
