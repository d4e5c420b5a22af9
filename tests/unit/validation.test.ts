import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
import { isCommonPassword } from "@/lib/auth/common-passwords";
import { registerSchema, signInSchema } from "@/lib/auth/validation";

const valid = { name: "Ada", email: "Ada@Example.com ", password: "a long enough passphrase" };

describe("registration rules", () => {
  it("accepts a good account and normalises the email", () => {
    expect(registerSchema.parse(valid).email).toBe("ada@example.com");
  });

  it.each([
    ["shorter than 12 characters", "eleven char", "at least 12"],
    ["longer than bcrypt's 72 bytes", "a".repeat(73), "at most 72 bytes"],
    ["72 bytes in fewer characters (multi-byte)", "é".repeat(37), "at most 72 bytes"],
    ["on the common-password list", "Password1234", "too common"],
  ])("refuses a password %s", (_label, password, message) => {
    const result = registerSchema.safeParse({ ...valid, password });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join(" ")).toContain(message);
  });

  it("accepts exactly 72 bytes", () => {
    expect(registerSchema.safeParse({ ...valid, password: "a".repeat(72) }).success).toBe(true);
  });

  it("refuses a malformed email and an empty name", () => {
    expect(registerSchema.safeParse({ ...valid, email: "not-an-email" }).success).toBe(false);
    expect(registerSchema.safeParse({ ...valid, name: "   " }).success).toBe(false);
  });

  it("keeps sign-in free of password rules", () => {
    expect(signInSchema.safeParse({ email: "a@b.co", password: "short" }).success).toBe(true);
  });
});

describe("cross-site write detection", () => {
  const host = "shop.example";
  it.each([
    ["a GET from anywhere", "GET", { origin: "https://evil.example" }, false],
    ["a same-origin POST", "POST", { origin: "https://shop.example", "sec-fetch-site": "same-origin" }, false],
    ["a cross-site POST", "POST", { origin: "https://evil.example" }, true],
    ["a POST marked cross-site by the browser", "POST", { "sec-fetch-site": "cross-site" }, true],
    ["a POST from an opaque origin", "POST", { origin: "null" }, true],
    ["a POST with a malformed origin", "POST", { origin: "::::" }, true],
    ["a POST from a non-browser client", "POST", {}, false],
  ])("%s", (_label, method, headers, refused) => {
    expect(isCrossSiteWrite(method, new Headers(headers), host)).toBe(refused);
  });
});

describe("sign-in form", () => {
  it("normalises the email and keeps the password exactly as typed", () => {
    expect(signInSchema.parse({ email: "  Ada@Example.COM ", password: " spaces count " })).toEqual({
      email: "ada@example.com",
      password: " spaces count ",
    });
  });

  it.each([
    ["no email", { password: "x" }, "email"],
    ["a malformed email", { email: "ada", password: "x" }, "email"],
    ["no password", { email: "a@b.co" }, "password"],
    ["an empty password", { email: "a@b.co", password: "" }, "password"],
    ["a password over 1024 characters", { email: "a@b.co", password: "x".repeat(1025) }, "password"],
  ])("refuses %s", (_label, input, field) => {
    const result = signInSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field);
  });

  it("refuses an email over 254 characters, however well formed its parts", () => {
    const long = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`;
    expect(signInSchema.safeParse({ email: long, password: "x" }).error?.issues[0]?.message).toBe("That email address is too long.");
  });

  it("says what is wrong with the password field, without describing password rules", () => {
    expect(signInSchema.safeParse({ email: "a@b.co", password: "" }).error?.issues[0]?.message).toBe("Enter your password.");
    expect(signInSchema.safeParse({ email: "a@b.co", password: "x".repeat(1025) }).error?.issues[0]?.message).toBe("Incorrect email or password.");
  });

  it("accepts a password of exactly 1024 characters", () => {
    expect(signInSchema.safeParse({ email: "a@b.co", password: "x".repeat(1024) }).success).toBe(true);
  });
});

describe("registration messages", () => {
  it("names each problem in words a person understands", () => {
    const result = registerSchema.safeParse({ name: "", email: "nope", password: "short" });
    expect(Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path[0], issue.message]))).toEqual({
      name: "Enter your name.",
      email: "Enter a valid email address.",
      password: "Use at least 12 characters.",
    });
    expect(registerSchema.safeParse({ ...valid, name: "n".repeat(101) }).error?.issues[0]?.message).toBe("Use at most 100 characters.");
    expect(registerSchema.safeParse({ ...valid, name: "n".repeat(100) }).success).toBe(true);
  });

  it("refuses a common password with a message that says so", () => {
    expect(registerSchema.safeParse({ ...valid, password: "Password1234" }).error?.issues[0]?.message).toBe(
      "This password is too common. Choose one that is harder to guess.",
    );
  });
});

describe("the common-password list", () => {
  // Written out here, not imported: a test that read the list from the module would pass
  // whatever the module's list said.
  it.each([
    "123456789012", "1234567890123", "12345678901234", "123123123123", "111111111111",
    "000000000000", "123456123456", "qwertyuiopasdfgh", "qwertyuiop12", "qwertyuiop123",
    "qwerty123456", "1qaz2wsx3edc", "1q2w3e4r5t6y", "zaq12wsxcde3", "asdfghjkl123", "password1234",
    "password12345", "password123456", "passwordpassword", "password1!", "p@ssw0rd1234",
    "iloveyou1234", "letmein12345", "welcome12345", "welcome123456", "administrator",
    "admin1234567", "changeme1234", "trustno1trustno1", "sunshine1234", "football1234",
    "baseball1234", "princess1234", "monkey123456", "dragon123456", "superman1234", "starwars1234",
    "abcdefghijkl", "abc123abc123", "abcd12345678", "computer1234", "internet1234", "whatever1234",
    "qazwsxedcrfv", "mypassword123", "secretpassword", "correcthorsebatterystaple",
  ])("holds %s, in any case", (password) => {
    expect(isCommonPassword(password)).toBe(true);
    expect(isCommonPassword(password.toUpperCase())).toBe(true);
  });

  it("holds nothing else", () => {
    expect(isCommonPassword("")).toBe(false);
    expect(isCommonPassword("a long enough passphrase")).toBe(false);
  });
});
