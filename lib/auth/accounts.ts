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
  const user = await db.user.findUnique({ where: { email }, select: credentialFields });
  return checkPassword(user, password);
}

/**
 * Re-authentication (step-up, a password change): the password of the user who is already
 * signed in. Null when it is wrong, or when the account was disabled meanwhile.
 */
export async function authenticateUser(userId: string, password: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: credentialFields });
  return checkPassword(user, password);
}

const credentialFields = { ...sessionUserFields, passwordHash: true, disabledAt: true } as const;

type Credentials = SessionUser & { passwordHash: string | null; disabledAt: Date | null };

// bcrypt runs whatever the account's state (against a dummy hash when there is no
// password), so an unknown email, a wrong password and a disabled account take the same
// time and get the same answer.
async function checkPassword(user: Credentials | null, password: string): Promise<SessionUser | null> {
  const matches = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
  if (!user?.passwordHash || !matches || user.disabledAt !== null) return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role };
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
