import "server-only";
import { createHmac } from "node:crypto";
import { db, type Transaction } from "@/lib/db";
import { env } from "@/lib/env";
import { recordSecurityEvents, type SecurityEventInput } from "./events";
import { deriveKey } from "./keys";
import { isKnownDeviceForEmail } from "./known-devices";

// Sign-in throttling (docs/account-security.md#throttling). Every counter is a row of the
// Throttle table, read and written in one transaction per attempt, so concurrent requests
// and every instance of the app count together; nothing is kept in memory.
//
// Failed sign-ins count twice: per account (a keyed hash of the email, the same for
// addresses with and without an account, so the table neither lists emails nor tells which
// exist) and per client address. Past the free failures each further one blocks the key
// for a doubling, capped wait. A browser that signed in to the account before (a valid
// device cookie listed in KnownDevice) counts on a key of its own instead of the
// account's: strangers' failures cannot lock the owner out of their own devices.

const SECOND_MS = 1000;
const HOUR_MS = 3600 * SECOND_MS;
// A streak of failures is forgotten once this long has passed since its last failure.
const ACCOUNT_MEMORY_MS = 24 * HOUR_MS;
const ADDRESS_MEMORY_MS = HOUR_MS;

export type Backoff = { freeFailures: number; maxWaitSeconds: number };

/**
 * How long the n-th consecutive failure blocks, in whole seconds: nothing for the free
 * ones, then 2, 4, 8, ... never more than `maxWaitSeconds`. The cap is what keeps an
 * attacker from locking an account away for good.
 */
export function backoffSeconds(failures: number, { freeFailures, maxWaitSeconds }: Backoff): number {
  if (failures <= freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures), maxWaitSeconds);
}

/** Who is trying to sign in: the account they name, where they are, and the browser. */
export type SignInSubject = {
  email: string;
  ipAddress: string | null;
  /** The device cookie's keyed hash, set only when the account has signed in from it before. */
  knownDevice: string | null;
};

/**
 * The subject of a sign-in attempt. A device cookie counts only when it is valid and the
 * account of `email` has completed a sign-in from it; otherwise the browser is a stranger.
 */
export async function signInSubject(email: string, ipAddress: string | null, deviceHash: string | null): Promise<SignInSubject> {
  const knownDevice = deviceHash !== null && (await isKnownDeviceForEmail(email, deviceHash)) ? deviceHash : null;
  return { email, ipAddress, knownDevice };
}

type Counter = { key: string; backoff: Backoff; memoryMs: number };

let throttleKey: Buffer | undefined;

function accountKey(email: string): string {
  throttleKey ??= deriveKey("throttle-key");
  return createHmac("sha256", throttleKey).update(email.trim().toLowerCase()).digest("hex");
}

function addressKey(ipAddress: string | null): string {
  return `signin:ip:${ipAddress ?? "unknown"}`;
}

// The first counter is the account's (or the known device's on it), the second the address's.
function counters({ email, ipAddress, knownDevice }: SignInSubject): [Counter, Counter] {
  const account = accountKey(email);
  const backoff = { freeFailures: env.SIGNIN_ACCOUNT_FREE_FAILURES, maxWaitSeconds: env.SIGNIN_MAX_WAIT_SECONDS };
  return [
    {
      key: knownDevice === null ? `signin:account:${account}` : `signin:device:${knownDevice}:${account}`,
      backoff,
      memoryMs: ACCOUNT_MEMORY_MS,
    },
    {
      key: addressKey(ipAddress),
      backoff: { freeFailures: env.SIGNIN_IP_FREE_FAILURES, maxWaitSeconds: env.SIGNIN_MAX_WAIT_SECONDS },
      memoryMs: ADDRESS_MEMORY_MS,
    },
  ];
}

function secondsUntil(until: Date | null, now: Date): number {
  return until === null ? 0 : Math.max(0, Math.ceil((until.getTime() - now.getTime()) / SECOND_MS));
}

async function longestWait(keys: string[], now: Date): Promise<number> {
  const rows = await db.throttle.findMany({ where: { key: { in: keys } }, select: { blockedUntil: true } });
  return Math.max(0, ...rows.map((row) => secondsUntil(row.blockedUntil, now)));
}

/** Seconds this subject must wait before the next try; 0 when it may try now. */
export async function signInWait(subject: SignInSubject, now = new Date()): Promise<number> {
  return longestWait(
    counters(subject).map((counter) => counter.key),
    now,
  );
}

/** The same for a client address alone: proxy.ts answers 429 with it before any form is read. */
export async function signInWaitForAddress(ipAddress: string | null, now = new Date()): Promise<number> {
  return longestWait([addressKey(ipAddress)], now);
}

/**
 * Counts one failed attempt on every key of the subject and records `failure` (with a
 * SIGN_IN_THROTTLED event when the failure starts a wait) in the same transaction.
 * `logged`: the failure is in the activity log already (a wrong second factor records
 * itself), so only the counters and the wait are added. Returns the seconds the subject is
 * now blocked for, 0 when it may try again at once.
 */
export async function recordSignInFailure(
  subject: SignInSubject,
  failure: SecurityEventInput,
  now = new Date(),
  { logged = false }: { logged?: boolean } = {},
): Promise<number> {
  return db.$transaction(async (tx) => {
    let blocked = 0;
    for (const counter of counters(subject)) blocked = Math.max(blocked, await countFailure(tx, counter, now));
    const throttled: SecurityEventInput[] =
      blocked > 0 ? [{ type: "SIGN_IN_THROTTLED", userId: failure.userId, reason: "too_many_attempts", device: failure.device, now }] : [];
    await recordSecurityEvents([...(logged ? [] : [{ ...failure, now }]), ...throttled], tx);
    return blocked;
  });
}

async function countFailure(tx: Transaction, { key, backoff, memoryMs }: Counter, now: Date): Promise<number> {
  // A streak with no failure for the whole memory period starts again from zero.
  await tx.throttle.updateMany({
    where: { key, lastAttempt: { lte: new Date(now.getTime() - memoryMs) } },
    data: { count: 0, windowStart: now, blockedUntil: null },
  });
  // One statement increments, so concurrent failures are all counted, on any database.
  const { count } = await tx.throttle.upsert({
    where: { key },
    create: { key, count: 1, windowStart: now, lastAttempt: now },
    update: { count: { increment: 1 }, lastAttempt: now },
  });
  const wait = backoffSeconds(count, backoff);
  if (wait > 0) {
    const until = new Date(now.getTime() + wait * SECOND_MS);
    // A concurrent failure may have set a later end already; never shorten it.
    await tx.throttle.updateMany({ where: { key, OR: [{ blockedUntil: null }, { blockedUntil: { lt: until } }] }, data: { blockedUntil: until } });
  }
  return wait;
}

/**
 * A successful sign-in forgets the failures of the key it was counted on: the account's
 * (a stranger who knew the password) or the known device's. The address keeps its count,
 * or an attacker could clear it with sign-ins to an account of their own.
 */
export async function recordSignInSuccess(subject: SignInSubject): Promise<void> {
  await db.throttle.deleteMany({ where: { key: counters(subject)[0].key } });
}

export type Throttled<T> = { ok: true; value: T } | { ok: false; waitSeconds: number };

/**
 * Runs one credential check (a password, a second factor) under the throttle. While the
 * subject is blocked the check does not run at all (the right password is refused unseen,
 * and bcrypt costs nothing), and the refusal is not counted, so the wait stays bounded.
 * A failure is counted and recorded; a success resets the subject's own key, unless it is
 * only half a sign-in (`complete: false`: the right password of an account that still
 * needs its second factor). Resetting there would let whoever knows the password clear
 * the count of wrong codes with every entry of it, and guess codes without end.
 * `waitSeconds` 0 means "wrong, try again"; more means "too many attempts".
 */
export async function underThrottle<T>(
  subject: SignInSubject,
  check: () => Promise<{ ok: true; value: T; complete?: boolean } | { ok: false; failure: SecurityEventInput }>,
): Promise<Throttled<T>> {
  const wait = await signInWait(subject);
  if (wait > 0) return { ok: false, waitSeconds: wait };
  const result = await check();
  if (!result.ok) return { ok: false, waitSeconds: await recordSignInFailure(subject, result.failure) };
  if (result.complete !== false) await recordSignInSuccess(subject);
  return { ok: true, value: result.value };
}

export function tooManyAttempts(seconds: number): string {
  return `Too many attempts. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
}

export type AttemptKind = "register" | "password-reset";

const ATTEMPTS_PER_HOUR: Record<AttemptKind, () => number> = {
  register: () => env.REGISTRATIONS_PER_IP_PER_HOUR,
  "password-reset": () => env.PASSWORD_RESETS_PER_IP_PER_HOUR,
};

/**
 * Counts one request of `kind` from an address, in fixed one-hour windows. Returns 0 when
 * it is within the hour's allowance, or the seconds until the window ends. Every request
 * counts, answered or refused: these forms cost a bcrypt hash or a mail each.
 */
export async function takeAttempt(kind: AttemptKind, ipAddress: string | null, now = new Date()): Promise<number> {
  const key = `${kind}:ip:${ipAddress ?? "unknown"}`;
  return db.$transaction(async (tx) => {
    await tx.throttle.updateMany({ where: { key, windowStart: { lte: new Date(now.getTime() - HOUR_MS) } }, data: { count: 0, windowStart: now } });
    const row = await tx.throttle.upsert({
      where: { key },
      create: { key, count: 1, windowStart: now, lastAttempt: now },
      update: { count: { increment: 1 }, lastAttempt: now },
    });
    if (row.count <= ATTEMPTS_PER_HOUR[kind]()) return 0;
    return secondsUntil(new Date(row.windowStart.getTime() + HOUR_MS), now);
  });
}

/** "Too many requests. Try again in 12 minutes." (seconds under a minute). */
export function tooManyRequests(seconds: number): string {
  if (seconds < 60) return `Too many requests. Try again in ${seconds} ${seconds === 1 ? "second" : "seconds"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Too many requests. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}
