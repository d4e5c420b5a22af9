import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Authenticated encryption of small secrets kept in the database (the two-factor secret):
// AES-256-GCM from node:crypto. A copy of the table without the key gives nothing, and a
// changed byte, a wrong key or a value moved to another row (the associated data names
// the row it belongs to) does not open at all, rather than opening to something else.
//
// Stored as "v1.<iv>.<tag>.<ciphertext>", each part base64url. The version prefix leaves
// room for another algorithm or key later, next to values written under this one.

const VERSION = "v1";
// 96 bits, the nonce size GCM is built for; random for every value, so with one key per
// purpose a repeat is out of reach for the number of secrets a shop stores.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = "aes-256-gcm";

/** Encrypts `plaintext` under `key` (32 bytes), bound to `associatedData`. */
export function seal(plaintext: string, key: Buffer, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"))].join(".");
}

/**
 * The plaintext of a sealed value, or null when it does not open: another format or
 * version, a wrong key, other associated data, or any byte changed. Never throws, so a
 * damaged row is a refused code, not a 500.
 */
export function open(sealed: string, key: Buffer, associatedData: string): string | null {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION) return null;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv ?? "", "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag ?? "", "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext ?? "", "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
