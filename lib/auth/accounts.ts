import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { sessionUserFields, type SessionUser } from "@/lib/session/store";
import { getDummyHash, hashPassword, verifyPassword } from "./password";
import type { RegisterInput, SignInInput } from "./validation";

/**
 * Checks an email and password. Returns the user, or null for any failure: the caller
 * cannot tell (and so cannot tell an attacker) whether the email exists.
 */
export async function authenticate({ email, password }: SignInInput): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { email }, select: { ...sessionUserFields, passwordHash: true } });
  const matches = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
  if (!user?.passwordHash || !matches) return null;
  const { passwordHash: _hash, ...sessionUser } = user;
  return sessionUser;
}

export type RegistrationResult = { ok: true; user: SessionUser } | { ok: false; reason: "email-taken" };

export async function registerUser({ name, email, password }: RegisterInput): Promise<RegistrationResult> {
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.user.create({ data: { name, email, passwordHash }, select: sessionUserFields });
    return { ok: true, user };
  } catch (error) {
    // The unique index decides, not a read before the write: two simultaneous sign-ups
    // with one email cannot both succeed.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "email-taken" };
    }
    throw error;
  }
}
