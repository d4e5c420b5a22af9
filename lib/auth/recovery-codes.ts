import "server-only";
import { createHmac, randomInt } from "node:crypto";
import { db, type Transaction } from "@/lib/db";
import { twoFactorKey } from "@/lib/security/keys";

// Recovery codes: the way into an account with two-factor on when the authenticator is
// lost. Ten per user, shown once when they are made, each good for one sign-in.
//
// A code is 10 characters of base32 (50 random bits), written `abcde-fghij`. Only an HMAC
// of it is stored, under a key derived from the server's secret: unlike a plain hash,
// which anyone with a copy of the table could test all 2^50 codes against offline, the
// keyed hash is useless without that secret. A code is used by deleting its row, so of
// two requests racing with one code exactly one deletes it.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const GROUP = 5;
const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${2 * GROUP}}$`);

function newRecoveryCode(): string {
  const characters = Array.from({ length: 2 * GROUP }, () => ALPHABET.charAt(randomInt(ALPHABET.length)));
  return `${characters.slice(0, GROUP).join("")}-${characters.slice(GROUP).join("")}`;
}

/**
 * What the user typed, as the code it stands for: case, spaces and dashes do not matter
 * (codes get read aloud, copied from paper, pasted with a line break). Null when it
 * cannot be a recovery code at all.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/g, "");
  return CODE_PATTERN.test(code) ? code : null;
}

let hashKey: Buffer | undefined;

export function recoveryCodeHash(normalizedCode: string): string {
  hashKey ??= twoFactorKey("recovery-code");
  return createHmac("sha256", hashKey).update(normalizedCode).digest("hex");
}

/** New codes for the user, replacing every old one, in the caller's transaction. Returns them once. */
export async function replaceRecoveryCodes(tx: Transaction, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code.replace("-", "")) })),
  });
  return codes;
}

/** Spends one code: true when it was one of the user's and is now gone. */
export async function spendRecoveryCode(tx: Transaction, userId: string, input: string): Promise<boolean> {
  const code = normalizeRecoveryCode(input);
  if (code === null) return false;
  const { count } = await tx.recoveryCode.deleteMany({ where: { userId, codeHash: recoveryCodeHash(code) } });
  return count === 1;
}

export async function countRecoveryCodes(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId } });
}

export async function deleteRecoveryCodes(tx: Transaction, userId: string): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId } });
}
