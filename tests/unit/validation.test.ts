import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "@/lib/http/same-origin";
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
