import { afterEach, describe, expect, it, vi } from "vitest";

// TOTP_ENCRYPTION_KEY gives two-factor its own root secret, so AUTH_SECRET can rotate
// without making every stored secret and recovery code unusable. lib/env.ts reads the
// environment once, at import, so each case imports a fresh copy of the modules.

const AUTH_SECRET = "an-auth-secret-that-is-at-least-32-characters";
const TOTP_KEY = "a-two-factor-key-that-is-at-least-32-characters";

async function keysWith(environment: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  return import("@/lib/security/keys");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the keys of the second factor", () => {
  it("come from TOTP_ENCRYPTION_KEY when it is set, whatever AUTH_SECRET is", async () => {
    const keys = await keysWith({ AUTH_SECRET, TOTP_ENCRYPTION_KEY: TOTP_KEY });
    expect(keys.twoFactorKey("totp-secret")).toEqual(keys.deriveKey("totp-secret", TOTP_KEY));
    expect(keys.twoFactorKey("recovery-code")).toEqual(keys.deriveKey("recovery-code", TOTP_KEY));
    const rotated = await keysWith({ AUTH_SECRET: `${AUTH_SECRET}-rotated`, TOTP_ENCRYPTION_KEY: TOTP_KEY });
    expect(rotated.twoFactorKey("totp-secret")).toEqual(keys.twoFactorKey("totp-secret"));
  });

  it("come from AUTH_SECRET otherwise, like every other key", async () => {
    const keys = await keysWith({ AUTH_SECRET, TOTP_ENCRYPTION_KEY: "" });
    expect(keys.twoFactorKey("totp-secret")).toEqual(keys.deriveKey("totp-secret", AUTH_SECRET));
    expect(keys.twoFactorKey("recovery-code")).toEqual(keys.deriveKey("recovery-code"));
  });

  it("refuse a TOTP_ENCRYPTION_KEY shorter than 32 characters at start-up", async () => {
    await expect(keysWith({ AUTH_SECRET, TOTP_ENCRYPTION_KEY: "short" })).rejects.toThrow(/TOTP_ENCRYPTION_KEY must be at least 32 characters/);
  });
});
