import { Secret, TOTP } from "otpauth";

// Time-based one-time passwords (RFC 6238) through otpauth, a maintained library without
// native code that compares codes in constant time. This file fixes the parameters every
// authenticator app understands: SHA-1, six digits, a 30-second step, and a secret of 160
// bits (the length RFC 4226 recommends). What is stored, and the rule that each code works
// once, live in lib/auth/two-factor.ts.

export const TOTP_ISSUER = "Secure Sessions Shop";
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
const SECRET_BYTES = 20;
// One step either side of the server's clock: a phone a little fast or slow, or a code
// typed just as it changed, still works; a code older than about a minute does not.
const WINDOW = 1;

/** A new random secret, base32 as authenticator apps take it (32 upper-case characters). */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

function totp(secret: string, label?: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label, algorithm: "SHA1", digits: DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI a QR code carries: issuer, account name and secret. */
export function totpUri(secret: string, accountName: string): string {
  return totp(secret, accountName).toString();
}

/** The number of the 30-second step `now` falls in (Unix time / 30). */
export function totpStep(now: Date): number {
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now.getTime() });
}

/** Six digits, nothing else: the shape of a code, checked before any computation. */
export function isTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/**
 * The step whose code `code` is, looking one step either side of `now`; null when it is
 * none of them. The caller decides whether that step may still be used.
 */
export function matchingTotpStep(secret: string, code: string, now: Date): number | null {
  if (!isTotpCode(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : totpStep(now) + delta;
}
