import type * as crypto from "node:crypto";
import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { generateSessionToken, hashSessionToken, isSessionId, isWellFormedToken } from "@/lib/session/token";

// The real node:crypto, watched: the test can see which generator produced a token.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof crypto>();
  return { ...actual, randomBytes: vi.fn(actual.randomBytes) };
});

describe("session tokens", () => {
  it("are 32 bytes (256 bits) from the operating system's CSPRNG, base64url-encoded", () => {
    vi.mocked(randomBytes).mockClear();
    const token = generateSessionToken();
    // Math.random or a counter would also give 43 characters; only this proves the source.
    expect(randomBytes).toHaveBeenCalledExactlyOnceWith(32);
    const bytes = vi.mocked(randomBytes).mock.results[0]?.value as Buffer;
    expect(token).toBe(bytes.toString("base64url"));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
  });

  it("never repeat", () => {
    const tokens = new Set(Array.from({ length: 10_000 }, generateSessionToken));
    expect(tokens.size).toBe(10_000);
  });

  it("are stored as their SHA-256 digest in lower-case hex", () => {
    // Known-answer vectors from FIPS 180-2: any other digest, encoding or salt fails here.
    expect(hashSessionToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hashSessionToken("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const token = generateSessionToken();
    expect(hashSessionToken(token)).not.toBe(hashSessionToken(generateSessionToken()));
    expect(isSessionId(hashSessionToken(token))).toBe(true);
  });

  it.each([
    ["a token instead of its hash", "A".repeat(43)],
    ["upper-case hex", "A".repeat(64)],
    ["one digit short", "a".repeat(63)],
    ["one digit long", "a".repeat(65)],
    ["a prefix before the hash", `x${"a".repeat(64)}`],
    ["a number", 7],
  ])("a session id refuses %s", (_label, value) => {
    expect(isSessionId(value)).toBe(false);
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
    ["a valid token with a prefix", `x${"a".repeat(43)}`],
    ["a valid token with a suffix", `${"a".repeat(43)}x`],
  ])("reject %s before any database work", (_label, value) => {
    expect(isWellFormedToken(value)).toBe(false);
  });
});

it("refuses non-strings that would stringify to a valid shape", () => {
  expect(isWellFormedToken([generateSessionToken()])).toBe(false);
  expect(isSessionId([hashSessionToken("abc")])).toBe(false);
});

it("accepts exactly the shape it mints", () => {
  expect(isWellFormedToken(generateSessionToken())).toBe(true);
  expect(isWellFormedToken(`${"a".repeat(20)}-_${"Z9".repeat(10)}${"b"}`)).toBe(true);
});
