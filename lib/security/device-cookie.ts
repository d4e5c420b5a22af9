import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { deriveKey } from "./keys";

// The device cookie, after OWASP's "device cookies" against brute force
// (docs/account-security.md#throttling): a browser that completed a sign-in keeps a random
// id, signed by the server, for a year. A sign-in from a browser whose id the account has
// seen before skips the per-account wait that strangers' failures build, and a browser the
// account has not seen is a "New device". The database keeps only a keyed hash of the id,
// so a copy of it cannot be turned into a cookie; the signature means a made-up or edited
// cookie is simply a stranger's.

const BASE_NAME = "shop_device";
const ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export type DeviceCookie = {
  name: string;
  options: { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean; maxAge: number };
};

/** Named and flagged like the session cookie (lib/session/cookie.ts): `__Host-` and Secure over HTTPS. */
export function deviceCookie(secure: boolean): DeviceCookie {
  return {
    name: secure ? `__Host-${BASE_NAME}` : BASE_NAME,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS },
  };
}

/** A cookie's value and the keyed hash of its id, the only part the database stores. */
export type DeviceIdentity = { value: string; hash: string };

let signingKey: Buffer | undefined;
let hashingKey: Buffer | undefined;

function signature(id: string): string {
  signingKey ??= deriveKey("device-cookie");
  return createHmac("sha256", signingKey).update(id).digest("base64url");
}

function deviceHash(id: string): string {
  hashingKey ??= deriveKey("known-device");
  return createHmac("sha256", hashingKey).update(id).digest("hex");
}

/** A new device: 32 random bytes (base64url), a dot, and their HMAC signature. */
export function issueDeviceCookie(): DeviceIdentity {
  const id = randomBytes(32).toString("base64url");
  return { value: `${id}.${signature(id)}`, hash: deviceHash(id) };
}

/** The identity in a cookie value this server signed; null for anything else. */
export function parseDeviceCookie(value: string | undefined): DeviceIdentity | null {
  if (value === undefined) return null;
  const parts = value.split(".");
  if (parts.length !== 2) return null;
  const [id, signed] = parts as [string, string];
  if (!ID_SHAPE.test(id)) return null;
  const expected = Buffer.from(signature(id));
  const given = Buffer.from(signed);
  // Constant-time: the comparison must not tell a forger how much of a signature is right.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { value: `${id}.${signed}`, hash: deviceHash(id) };
}
