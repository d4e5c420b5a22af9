import { createHash, randomBytes } from "node:crypto";

// 32 random bytes = 256 bits of entropy, far beyond OWASP's 64-bit minimum: guessing a
// live token is not a practical attack, however many sessions exist.
export const TOKEN_BYTES = 32;

// base64url of 32 bytes, without padding, is always 43 characters from this alphabet.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString("base64url");
}

// The database keeps only this digest. A stolen copy of the Session table cannot be
// replayed as cookies, because SHA-256 cannot be inverted. No salt is needed: the input
// is already 256 random bits, so there is nothing to precompute.
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

// A session's id is the hex SHA-256 of its token. Forms that name a session (Revoke) send
// this, never the token; anything else cannot be a session id and needs no query.
const SESSION_ID_PATTERN = /^[0-9a-f]{64}$/;

export function isSessionId(value: unknown): value is string {
  return typeof value === "string" && SESSION_ID_PATTERN.test(value);
}

// Cheap shape check before any database work: garbage, truncated or oversized cookies
// are rejected here and treated exactly like no cookie at all.
export function isWellFormedToken(value: unknown): value is string {
  return typeof value === "string" && TOKEN_PATTERN.test(value);
}
