import "server-only";
import { hkdfSync } from "node:crypto";
import { env } from "@/lib/env";

// Every key the app uses beyond the session token itself (the device cookie's signature,
// the keyed hashes in the activity log and of recovery codes, the encryption of two-factor
// secrets) is derived from one server secret with HKDF (RFC 5869), one key per purpose.
// A key learned for one purpose says nothing about another, and the database alone (which
// holds none of them) yields neither a valid device cookie nor a working code.
//
// Production refuses to start without AUTH_SECRET (lib/env.ts). Development and tests
// without one fall back to a fixed, public value: fine for a demo, never for real data.
const DEVELOPMENT_SECRET = "development-only-secret-never-used-in-production";

export type KeyPurpose = "device-cookie" | "event-session-ref" | "known-device" | "recovery-code" | "session-proof" | "throttle-key" | "totp-secret";

/** 32 bytes for `purpose`, from `secret` (by default DATA_ENCRYPTION_KEY or AUTH_SECRET). */
export function deriveKey(purpose: KeyPurpose, secret: string = serverSecret()): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "secure-sessions-shop", purpose, 32));
}

/**
 * A key of the second factor (the TOTP secrets' encryption, the recovery codes' hashes),
 * from TOTP_ENCRYPTION_KEY when it is set: AUTH_SECRET can then rotate without making
 * every stored secret and recovery code unusable.
 */
export function twoFactorKey(purpose: "recovery-code" | "totp-secret"): Buffer {
  return deriveKey(purpose, env.TOTP_ENCRYPTION_KEY ?? serverSecret());
}

function serverSecret(): string {
  return env.AUTH_SECRET ?? DEVELOPMENT_SECRET;
}
