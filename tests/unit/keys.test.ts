import { createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveKey } from "@/lib/security/keys";

// Every purpose gets its own key from the one server secret (HKDF, RFC 5869), so a key
// that leaks for one use (say, the device cookie's signature) opens nothing else.
describe("derived keys", () => {
  const secret = "a-test-secret-that-is-at-least-32-characters";

  it("are HKDF-SHA256 of the server secret, 32 bytes, with the purpose as info", () => {
    const expected = Buffer.from(hkdfSync("sha256", secret, "secure-sessions-shop", "device-cookie", 32));
    expect(deriveKey("device-cookie", secret)).toEqual(expected);
    expect(deriveKey("device-cookie", secret)).toHaveLength(32);
  });

  it("differ for every purpose and every secret", () => {
    const keys = [
      deriveKey("device-cookie", secret),
      deriveKey("event-session-ref", secret),
      deriveKey("recovery-code", secret),
      deriveKey("totp-secret", secret),
      deriveKey("device-cookie", `${secret}!`),
    ].map((key) => key.toString("hex"));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("are the same on every call and every instance for one secret", () => {
    expect(deriveKey("recovery-code", secret)).toEqual(deriveKey("recovery-code", secret));
    // What the default secret gives is stable too: a restart must not invalidate device cookies.
    expect(deriveKey("recovery-code")).toEqual(deriveKey("recovery-code"));
  });

  it("never come from an empty secret, even in development without AUTH_SECRET", () => {
    expect(deriveKey("recovery-code")).not.toEqual(deriveKey("recovery-code", ""));
  });

  it("are not the secret itself, nor a plain hash of it", () => {
    const key = deriveKey("event-session-ref", secret).toString("hex");
    expect(key).not.toContain(Buffer.from(secret).toString("hex").slice(0, 16));
    expect(key).not.toBe(createHmac("sha256", secret).update("event-session-ref").digest("hex"));
  });
});
