import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, seal } from "@/lib/security/secret-box";

// The sealed box that keeps two-factor secrets in the database: AES-256-GCM, bound to the
// row it belongs to. Whatever is wrong with a value, it does not open, and it never throws.

const key = randomBytes(32);
const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

describe("sealing a secret", () => {
  it("opens again with the same key and associated data", () => {
    expect(open(seal(secret, key, "user-1"), key, "user-1")).toBe(secret);
    expect(open(seal("", key, "user-1"), key, "user-1")).toBe("");
  });

  it("writes v1.<iv>.<tag>.<ciphertext> in base64url: a 12-byte IV, a 16-byte tag, no plaintext", () => {
    const sealed = seal(secret, key, "user-1");
    const [version, iv, tag, ciphertext, ...rest] = sealed.split(".");
    expect(version).toBe("v1");
    expect(rest).toEqual([]);
    expect(Buffer.from(iv!, "base64url")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64url")).toHaveLength(16);
    expect(Buffer.from(ciphertext!, "base64url")).toHaveLength(secret.length);
    expect(sealed).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(sealed).not.toContain(secret);
  });

  it("uses a new IV every time, so one secret sealed twice looks different", () => {
    const first = seal(secret, key, "user-1");
    const second = seal(secret, key, "user-1");
    expect(first).not.toBe(second);
    expect(first.split(".")[1]).not.toBe(second.split(".")[1]);
  });
});

describe("opening a sealed secret", () => {
  const sealed = seal(secret, key, "user-1");

  it("fails with another key", () => {
    expect(open(sealed, randomBytes(32), "user-1")).toBeNull();
  });

  it("fails for another row: the associated data is part of the check", () => {
    expect(open(sealed, key, "user-2")).toBeNull();
  });

  it("fails when any part was changed", () => {
    const parts = sealed.split(".");
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index]!, "base64url");
      bytes[0]! ^= 1;
      const tampered = parts.map((part, i) => (i === index ? bytes.toString("base64url") : part)).join(".");
      expect(open(tampered, key, "user-1")).toBeNull();
    }
  });

  it("fails for another version, a missing part, or garbage, without throwing", () => {
    const [, iv, tag, ciphertext] = sealed.split(".");
    for (const value of [
      `v2.${iv}.${tag}.${ciphertext}`,
      `V1.${iv}.${tag}.${ciphertext}`,
      `v1.${iv}.${tag}`,
      `v1.${iv}`,
      "v1",
      `v1..${tag}.${ciphertext}`,
      `v1.${iv}..${ciphertext}`,
      `v1.${iv}.${tag!.slice(0, 10)}.${ciphertext}`,
      "",
      secret,
      "v1.!!!.???.***",
    ]) {
      expect(open(value, key, "user-1")).toBeNull();
    }
  });

  it("fails with a key of the wrong length, without throwing", () => {
    expect(open(sealed, key.subarray(0, 16), "user-1")).toBeNull();
  });
});
