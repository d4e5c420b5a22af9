import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  changeEmailSchema,
  changePasswordSchema,
  confirmIdentitySchema,
  forgotPasswordSchema,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_LENGTH,
  resetPasswordSchema,
  secondFactorSchema,
} from "@/lib/auth/validation";

// The forms of /account/security, /forgot-password and /reset-password: a new password
// follows the registration rules, a current one only has length limits, and an email is
// trimmed and lower-cased the way accounts store it.

const GOOD = "a brand new passphrase 42";

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return result.error?.issues.map((issue) => [issue.path.join("."), issue.message]) ?? [];
}

describe("changing the password", () => {
  it("accepts a current password and a good new one, exactly as typed", () => {
    expect(changePasswordSchema.parse({ currentPassword: " old one ", newPassword: GOOD })).toEqual({ currentPassword: " old one ", newPassword: GOOD });
  });

  it("holds the new password to the registration rules", () => {
    expect(messages(changePasswordSchema.safeParse({ currentPassword: "x", newPassword: "short" }))).toEqual([
      ["newPassword", "Use at least 12 characters."],
    ]);
    expect(messages(changePasswordSchema.safeParse({ currentPassword: "x", newPassword: "password1234" }))).toEqual([
      ["newPassword", "This password is too common. Choose one that is harder to guess."],
    ]);
    expect(changePasswordSchema.safeParse({ currentPassword: "x", newPassword: "é".repeat(37) }).success).toBe(false);
  });

  it("asks for the current password, without saying anything about rules", () => {
    expect(messages(changePasswordSchema.safeParse({ currentPassword: "", newPassword: GOOD }))).toEqual([["currentPassword", "Enter your password."]]);
    expect(messages(changePasswordSchema.safeParse({ currentPassword: "x".repeat(1025), newPassword: GOOD }))).toEqual([
      ["currentPassword", "Incorrect password."],
    ]);
    expect(changePasswordSchema.safeParse({ currentPassword: "x".repeat(1024), newPassword: GOOD }).success).toBe(true);
  });

  it("refuses a new password equal to the current one, on the new password's field", () => {
    expect(messages(changePasswordSchema.safeParse({ currentPassword: GOOD, newPassword: GOOD }))).toEqual([
      ["newPassword", "Choose a password different from your current one."],
    ]);
  });

  it("refuses fields that are missing or not text", () => {
    expect(changePasswordSchema.safeParse({ newPassword: GOOD }).success).toBe(false);
    expect(changePasswordSchema.safeParse({ currentPassword: "x", newPassword: 42 }).success).toBe(false);
  });
});

describe("confirming who you are", () => {
  it("asks for a password of a sane length, and an authentication code that may be empty", () => {
    expect(confirmIdentitySchema.parse({ password: "anything" })).toEqual({ password: "anything", code: "" });
    expect(messages(confirmIdentitySchema.safeParse({ password: "" }))).toEqual([["password", "Enter your password."]]);
    expect(confirmIdentitySchema.parse({ password: "anything", code: " 123 456 " })).toEqual({ password: "anything", code: "123 456" });
    expect(messages(confirmIdentitySchema.safeParse({ password: "anything", code: "1".repeat(65) }))).toEqual([["code", "That is not a valid code."]]);
  });
});

describe("an authentication code", () => {
  it("is required, trimmed and bounded", () => {
    expect(secondFactorSchema.parse({ code: " abcde-fghij " })).toEqual({ code: "abcde-fghij" });
    expect(messages(secondFactorSchema.safeParse({ code: "  " }))).toEqual([["code", "Enter the code from your authenticator app, or a recovery code."]]);
    expect(messages(secondFactorSchema.safeParse({}))).toHaveLength(1);
    expect(messages(secondFactorSchema.safeParse({ code: "1".repeat(65) }))).toEqual([["code", "That is not a valid code."]]);
    expect(secondFactorSchema.safeParse({ code: "1".repeat(64) }).success).toBe(true);
  });
});

describe("asking for a reset link and changing the email", () => {
  it.each([
    ["forgot password", forgotPasswordSchema],
    ["change email", changeEmailSchema],
  ])("%s: trims and lower-cases the address, and refuses a malformed or oversized one", (_name, schema) => {
    expect(schema.parse({ email: "  Ada@Example.TEST " })).toEqual({ email: "ada@example.test" });
    expect(messages(schema.safeParse({ email: "not an email" }))).toEqual([["email", "Enter a valid email address."]]);
    expect(messages(schema.safeParse({ email: `${"a".repeat(250)}@example.test` }))).toEqual([["email", "That email address is too long."]]);
  });
});

describe("setting a password from a link", () => {
  it("carries the token as it came, and holds the password to the registration rules", () => {
    expect(resetPasswordSchema.parse({ token: "anything-at-all", newPassword: GOOD })).toEqual({ token: "anything-at-all", newPassword: GOOD });
    expect(messages(resetPasswordSchema.safeParse({ token: "t", newPassword: "short" }))).toEqual([["newPassword", "Use at least 12 characters."]]);
  });

  it("bounds the token's size, and requires it", () => {
    expect(resetPasswordSchema.safeParse({ token: "t".repeat(256), newPassword: GOOD }).success).toBe(true);
    expect(messages(resetPasswordSchema.safeParse({ token: "t".repeat(257), newPassword: GOOD }))[0]?.[0]).toBe("token");
    expect(messages(resetPasswordSchema.safeParse({ newPassword: GOOD }))[0]?.[0]).toBe("token");
  });
});

// Whatever an action receives (a form field is a string, but an action can be posted
// anything), parsing never throws, and what it accepts keeps the rules. Seeded like
// tests/unit/properties.test.ts, so a failure replays exactly.
describe("any input at all", () => {
  const settings = { seed: 20260311, numRuns: 400 };
  const anyField = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.anything());
  const anyFields = (...names: string[]) =>
    fc.oneof(fc.record(Object.fromEntries(names.map((name) => [name, anyField])), { requiredKeys: [] }), fc.anything());
  const passwordLike = fc.oneof(fc.string({ minLength: PASSWORD_MIN_LENGTH, maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 40 }));

  it("the password forms never throw; an accepted new password keeps the registration rules", () => {
    fc.assert(
      fc.property(fc.oneof(anyFields("currentPassword", "newPassword"), fc.record({ currentPassword: fc.string(), newPassword: passwordLike })), (input) => {
        const parsed = changePasswordSchema.safeParse(input);
        if (!parsed.success) return;
        expect(parsed.data.newPassword.length).toBeGreaterThanOrEqual(PASSWORD_MIN_LENGTH);
        expect(Buffer.byteLength(parsed.data.newPassword)).toBeLessThanOrEqual(PASSWORD_MAX_BYTES);
        expect(parsed.data.newPassword).not.toBe(parsed.data.currentPassword);
      }),
      settings,
    );
    fc.assert(
      fc.property(fc.oneof(anyFields("token", "newPassword"), fc.record({ token: fc.string(), newPassword: passwordLike })), (input) => {
        const parsed = resetPasswordSchema.safeParse(input);
        if (!parsed.success) return;
        expect(parsed.data.token.length).toBeLessThanOrEqual(256);
        expect(Buffer.byteLength(parsed.data.newPassword)).toBeLessThanOrEqual(PASSWORD_MAX_BYTES);
      }),
      settings,
    );
  });

  it("the email forms never throw; an accepted address is trimmed, lower-case and bounded", () => {
    const emailLike = fc.oneof(fc.emailAddress(), fc.emailAddress().map((email) => ` ${email.toUpperCase()} `), fc.string());
    for (const schema of [forgotPasswordSchema, changeEmailSchema]) {
      fc.assert(
        fc.property(fc.oneof(anyFields("email"), fc.record({ email: emailLike })), (input) => {
          const parsed = schema.safeParse(input);
          if (!parsed.success) return;
          expect(parsed.data.email).toBe(parsed.data.email.trim().toLowerCase());
          expect(parsed.data.email.length).toBeLessThanOrEqual(254);
          expect(parsed.data.email).toContain("@");
        }),
        settings,
      );
    }
  });
});
