import { describe, expect, it } from "vitest";
import { changeEmailSchema, changePasswordSchema, confirmIdentitySchema, forgotPasswordSchema, resetPasswordSchema } from "@/lib/auth/validation";

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
  it("asks only for a password of a sane length", () => {
    expect(confirmIdentitySchema.parse({ password: "anything" })).toEqual({ password: "anything" });
    expect(messages(confirmIdentitySchema.safeParse({ password: "" }))).toEqual([["password", "Enter your password."]]);
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
