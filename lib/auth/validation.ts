import { z } from "zod";
import { isCommonPassword } from "./common-passwords";

// Shared by the forms (for hints) and the server actions (for the real check).

export const PASSWORD_MIN_LENGTH = 12;
// bcrypt reads only the first 72 bytes of its input: a longer password would be accepted
// with anything after byte 72 ignored. Refuse it instead of silently truncating.
export const PASSWORD_MAX_BYTES = 72;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

export const signInSchema = z.object({
  email,
  // Length limits only: a sign-in form says nothing about password rules.
  password: z.string().min(1, "Enter your password.").max(1024, "Incorrect email or password."),
});

// The rules for a password someone chooses: at registration, a change and a reset alike.
const newPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .refine((value) => Buffer.byteLength(value) <= PASSWORD_MAX_BYTES, {
    message: `Use at most ${PASSWORD_MAX_BYTES} bytes (fewer characters if you use accents or emoji).`,
  })
  .refine((value) => !isCommonPassword(value), {
    message: "This password is too common. Choose one that is harder to guess.",
  });

// A password the user already has (sign-in, re-authentication): only length limits.
const existingPassword = z.string().min(1, "Enter your password.").max(1024, "Incorrect password.");

export const registerSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."),
  email,
  password: newPassword,
});

// An "Authentication code" field: six digits from the authenticator or a recovery code,
// told apart and checked by lib/auth/second-factor.ts; here only its size is bounded.
const authenticationCode = z.string().trim().max(64, "That is not a valid code.");

export const secondFactorSchema = z.object({
  code: authenticationCode.min(1, "Enter the code from your authenticator app, or a recovery code."),
});

// The code is there only for a user with two-factor on; step-up checks it whenever the
// account has two-factor, whatever the form sent.
export const confirmIdentitySchema = z.object({ password: existingPassword, code: authenticationCode.default("") });

export const changePasswordSchema = z
  .object({ currentPassword: existingPassword, newPassword })
  // A "change" to the same password would end every other session and change nothing
  // else; it is far more likely a slip than a wish.
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from your current one.",
  });

export const forgotPasswordSchema = z.object({ email });

// The token's shape is checked where it is looked up (lib/auth/account-tokens.ts); here
// only its size is bounded.
export const resetPasswordSchema = z.object({ token: z.string().max(256), newPassword });

export const changeEmailSchema = z.object({ email });

export type SignInInput = z.infer<typeof signInSchema>;
export type RegisterInput = z.infer<typeof registerSchema>;
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
