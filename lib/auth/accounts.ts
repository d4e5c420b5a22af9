import "server-only";
import { db, isUniqueViolation } from "@/lib/db";
import { sessionUserFields, type SessionUser } from "@/lib/session/store";
import { getDummyHash, hashPassword, verifyPassword } from "./password";
import type { RegisterInput, SignInInput } from "./validation";

/** Why a sign-in failed, for the activity log only: the user is shown one message for all. */
export type SignInFailureReason = "wrong_password" | "unknown_account" | "account_disabled";

export type Authentication =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: SignInFailureReason; userId: string | null };

/**
 * Checks an email and password. Every failure costs the same bcrypt work; its reason
 * goes to the security activity log (a failure for an unknown email has no user), never
 * to the person signing in, who must not learn whether the email has an account.
 */
export async function authenticate({ email, password }: SignInInput): Promise<Authentication> {
  const user = await db.user.findUnique({ where: { email }, select: credentialFields });
  const matches = await passwordMatches(user, password);
  if (!user) return { ok: false, reason: "unknown_account", userId: null };
  if (!matches) return { ok: false, reason: "wrong_password", userId: user.id };
  if (user.disabledAt !== null) return { ok: false, reason: "account_disabled", userId: user.id };
  return { ok: true, user: sessionUser(user) };
}

/**
 * Re-authentication (step-up, a password change): the password of the user who is already
 * signed in. Null when it is wrong, or when the account was disabled meanwhile.
 */
export async function authenticateUser(userId: string, password: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: credentialFields });
  const matches = await passwordMatches(user, password);
  return user && matches && user.disabledAt === null ? sessionUser(user) : null;
}

const credentialFields = { ...sessionUserFields, passwordHash: true, disabledAt: true } as const;

type Credentials = SessionUser & { passwordHash: string | null; disabledAt: Date | null };

// bcrypt runs whatever the account's state (against a dummy hash when there is no
// password), so an unknown email, a wrong password and a disabled account take the same
// time and get the same answer.
async function passwordMatches(user: Credentials | null, password: string): Promise<boolean> {
  const matches = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
  // Stryker disable next-line OptionalChaining: equivalent, with no user the dummy hash was compared, which no password matches.
  return matches && Boolean(user?.passwordHash);
}

function sessionUser({ id, name, email, role }: Credentials): SessionUser {
  return { id, name, email, role };
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
    if (isUniqueViolation(error)) {
      return { ok: false, reason: "email-taken" };
    }
    throw error;
  }
}
