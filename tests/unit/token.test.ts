import { describe, expect, it } from "vitest";
import { generateSessionToken, hashSessionToken, isWellFormedToken, TOKEN_BYTES } from "@/lib/session/token";

describe("session tokens", () => {
  it("carry 256 bits of randomness, base64url-encoded", () => {
    const token = generateSessionToken();
    expect(TOKEN_BYTES * 8).toBe(256);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
  });

  it("never repeat", () => {
    const tokens = new Set(Array.from({ length: 10_000 }, generateSessionToken));
    expect(tokens.size).toBe(10_000);
  });

  it("are stored as a SHA-256 hex digest that differs from the token", () => {
    const token = generateSessionToken();
    const digest = hashSessionToken(token);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).toBe(hashSessionToken(token));
    expect(digest).not.toBe(hashSessionToken(generateSessionToken()));
  });

  it.each([
    ["undefined", undefined],
    ["a number", 42],
    ["empty", ""],
    ["truncated", "a".repeat(42)],
    ["one character too long", "a".repeat(44)],
    ["oversized", "a".repeat(10_000)],
    ["standard base64 characters", `${"a".repeat(41)}+/`],
    ["padding", `${"a".repeat(42)}=`],
    ["an injected cookie attribute", `${"a".repeat(33)}; Path=/x`],
  ])("reject %s before any database work", (_label, value) => {
    expect(isWellFormedToken(value)).toBe(false);
  });
});
