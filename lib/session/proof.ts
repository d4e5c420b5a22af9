import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionWriteCount } from "@/lib/db";
import { deriveKey } from "@/lib/security/keys";
import type { Role } from "@/lib/generated/prisma/client";
import type { Session, SessionValidation } from "./store";
import { hashSessionToken, isWellFormedToken } from "./token";

// One session query per request. proxy.ts looks the session up for every request (it must:
// it enforces the timeouts, redirects anonymous visitors and clears dead cookies), and the
// page, action or route handler behind it needs the same answer. Asking the database again
// doubled the cost of every signed-in request, so proxy hands its answer on, in a request
// header that only proxy can have written:
//
// - Sealed: an HMAC-SHA256 under a key derived from the server's secret (lib/security/
//   keys.ts). A client can send a header of that name, but not one that verifies.
// - Bound to this request: to the id proxy gave it (x-request-id, set by proxy alone) and to
//   the SHA-256 of the session token the request carries, so it vouches for nothing else.
// - Good until a write: a server action may change the session (dismiss its notice, record
//   a re-authentication) or the user (a role) and render again in the same request, and
//   that render must see the change. The proof carries the process's count of writes to
//   sessions and users (lib/db.ts) when proxy looked, and is refused once it has moved; a
//   rotated session has a new token, which no proof names.
// - Short-lived: PROOF_TTL_MS, seconds, not the session's lifetime. A revocation holds on the
//   very next request, because every request gets a fresh lookup in proxy.
// - Stripped: proxy deletes any incoming header of that name before it sets its own, and a
//   request that proxy did not see (or whose proof does not verify) is looked up by
//   lib/session/current.ts as before. Nothing the client sends can stand in for the lookup.

export const SESSION_PROOF_HEADER = "x-session-proof";
export const PROOF_TTL_MS = 10_000;

type SealedSession = Omit<Session, "createdAt" | "lastSeenAt" | "idleExpiresAt" | "absoluteExpiresAt" | "authenticatedAt"> & {
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  authenticatedAt: number | null;
};

type Payload = {
  /** SHA-256 of the token the answer is for (the session's id when there is one). */
  token: string;
  requestId: string;
  expiresAt: number;
  /** sessionWriteCount() before proxy looked the session up. */
  writes: number;
  session: SealedSession | null;
  user: { id: string; name: string; email: string; role: Role } | null;
};

let proofKey: Buffer | undefined;

function mac(body: string): Buffer {
  proofKey ??= deriveKey("session-proof");
  return createHmac("sha256", proofKey).update(body).digest();
}

function seal(session: Session): SealedSession {
  return {
    ...session,
    createdAt: session.createdAt.getTime(),
    lastSeenAt: session.lastSeenAt.getTime(),
    idleExpiresAt: session.idleExpiresAt.getTime(),
    absoluteExpiresAt: session.absoluteExpiresAt.getTime(),
    authenticatedAt: session.authenticatedAt?.getTime() ?? null,
  };
}

function unseal(session: SealedSession): Session {
  return {
    ...session,
    createdAt: new Date(session.createdAt),
    lastSeenAt: new Date(session.lastSeenAt),
    idleExpiresAt: new Date(session.idleExpiresAt),
    absoluteExpiresAt: new Date(session.absoluteExpiresAt),
    authenticatedAt: session.authenticatedAt === null ? null : new Date(session.authenticatedAt),
  };
}

/**
 * proxy's answer for `token`, sealed for this request; null when there is nothing to hand
 * on (no token, or one so malformed that nobody would look it up).
 */
export function issueSessionProof(
  token: string | undefined,
  validation: SessionValidation,
  requestId: string,
  /**
   * sessionWriteCount() read before the lookup began: a write that started or ended since
   * makes the proof void. Required, not defaulted: a count read here, after the lookup,
   * would vouch for a row read while a revocation was on its way.
   */
  writesBeforeLookup: number,
  now = new Date(),
): string | null {
  if (!isWellFormedToken(token)) return null;
  const payload: Payload = {
    token: hashSessionToken(token),
    requestId,
    expiresAt: now.getTime() + PROOF_TTL_MS,
    writes: writesBeforeLookup,
    session: validation.session && seal(validation.session),
    user: validation.user && { id: validation.user.id, name: validation.user.name, email: validation.user.email, role: validation.user.role },
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(body).toString("base64url")}`;
}

/**
 * The answer proxy sealed for this request and this token, or null when there is none that
 * verifies: absent, forged, altered, expired, issued for another request or token, or
 * issued before a session or user was written. The caller then looks the session up itself.
 */
export function readSessionProof(value: string | null, token: string | undefined, requestId: string | null, now = new Date()): SessionValidation | null {
  if (!value || !requestId || !isWellFormedToken(token)) return null;
  const [body, signature, extra] = value.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const expected = mac(body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;

  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
  if (payload.requestId !== requestId || payload.token !== hashSessionToken(token) || payload.expiresAt <= now.getTime()) return null;
  if (payload.writes !== sessionWriteCount()) return null;
  if (!payload.session) return { session: null, user: null };
  return { session: unseal(payload.session), user: payload.user };
}
