import "server-only";
import { createHmac } from "node:crypto";
import { db, type Transaction } from "@/lib/db";
import { env } from "@/lib/env";
import { requestLog } from "@/lib/log";
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

// The counters of these keys as they stand, for a read that needs no transaction.
function readCounters(keys: string[]) {
  return db.throttle.findMany({ where: { key: { in: keys } }, select: { key: true, blockedUntil: true, lastAttempt: true } });
}

function longestWaitOf(rows: { blockedUntil: Date | null }[], now: Date): number {
  return Math.max(0, ...rows.map((row) => secondsUntil(row.blockedUntil, now)));
}

async function longestWait(keys: string[], now: Date): Promise<number> {
  return longestWaitOf(await readCounters(keys), now);
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
 * One credential check let through the throttle. It was counted as a failure on every key
 * of the subject before it ran (`admitSignInAttempt`), and stays one unless it passes.
 */
export type SignInAttempt = {
  subject: SignInSubject;
  now: Date;
  /** The seconds the subject is blocked for if this attempt fails; 0 when it is still free. */
  waitIfFailed: number;
  /** The end of the block this attempt set on each counter (account, address), if any. */
  blocks: [Date | null, Date | null];
};

// Thrown inside the admission's transaction to roll back its counts: a refused attempt
// is not counted, so an attacker who keeps knocking does not lengthen the wait.
class Blocked extends Error {
  constructor(readonly waitSeconds: number) {
    // Stryker disable next-line StringLiteral: equivalent, the error is always caught, never shown.
    super("blocked");
  }
}

/**
 * Lets one credential check through, or says how long the subject must wait. An admitted
 * attempt is counted as a failure *before* it runs, and the wait that failure earns is
 * set at once; a success takes it back (`passSignInAttempt`). Counting afterwards would
 * let a burst through: a thousand guesses sent at the same moment would all find the
 * counters clean and all reach bcrypt before the first failure was written. Here each
 * admission increments and reads the counter in one transaction that holds the row's lock
 * until it commits (PostgreSQL's upsert locks the row, and a concurrent one waits, then
 * sees the committed count and block; SQLite runs one write transaction at a time), so of
 * any number of simultaneous attempts only the free ones and the first blocked one run.
 * A check that throws stays counted as a failure.
 */
export async function admitSignInAttempt(
  subject: SignInSubject,
  now = new Date(),
): Promise<{ ok: true; attempt: SignInAttempt } | { ok: false; waitSeconds: number }> {
  // A plain read first: a blocked subject (a flood of guesses, most of the time) is refused
  // without a write transaction, which on SQLite would hold up every other query meanwhile
  // (lib/db-adapters.ts). The transaction below stays the authority, for the attempts this
  // read lets through, and is kept short: a streak is reset in it only when this read saw
  // it stale (an attempt of its own or a concurrent one only ever makes it fresher).
  const [accountCounter, addressCounter] = counters(subject);
  const seen = await readCounters([accountCounter.key, addressCounter.key]);
  const wait = longestWaitOf(seen, now);
  if (wait > 0) return { ok: false, waitSeconds: wait };
  // Stryker disable next-line all: an economy; a wrong answer only adds or saves the reset below, whose own condition decides.
  const stale = (counter: Counter) => seen.some((row) => row.key === counter.key && row.lastAttempt <= new Date(now.getTime() - counter.memoryMs));
  try {
    const [account, address] = await db.$transaction(async (tx) => [
      await countAttempt(tx, accountCounter, now, stale(accountCounter)),
      await countAttempt(tx, addressCounter, now, stale(addressCounter)),
    ]);
    return { ok: true, attempt: { subject, now, waitIfFailed: Math.max(account.wait, address.wait), blocks: [account.until, address.until] } };
  } catch (error) {
    if (error instanceof Blocked) return { ok: false, waitSeconds: error.waitSeconds };
    throw error;
  }
}

async function countAttempt(tx: Transaction, { key, backoff, memoryMs }: Counter, now: Date, stale: boolean): Promise<{ wait: number; until: Date | null }> {
  // A streak with no failure for the whole memory period starts again from zero.
  // Stryker disable next-line ConditionalExpression: equivalent when forced true, the reset then matches no row; only an economy.
  if (stale) {
    await tx.throttle.updateMany({
      // The authority: a concurrent attempt may have refreshed the streak since the read.
      // (The read's own test of staleness is the same, so no single-process test tells
      // the two apart; the race needs an attempt between the read and this transaction.)
      // Stryker disable next-line ObjectLiteral,ArithmeticOperator
      where: { key, lastAttempt: { lte: new Date(now.getTime() - memoryMs) } },
      data: { count: 0, windowStart: now, blockedUntil: null },
    });
  }
  // One statement increments (and, on PostgreSQL, locks the row until commit), so
  // concurrent attempts are all counted and see each other's blocks.
  const row = await tx.throttle.upsert({
    where: { key },
    create: { key, count: 1, windowStart: now, lastAttempt: now },
    update: { count: { increment: 1 }, lastAttempt: now },
  });
  const blockedFor = secondsUntil(row.blockedUntil, now);
  if (blockedFor > 0) throw new Blocked(blockedFor);
  const wait = backoffSeconds(row.count, backoff);
  if (wait === 0) return { wait, until: null };
  const until = new Date(now.getTime() + wait * SECOND_MS);
  await tx.throttle.update({ where: { key }, data: { blockedUntil: until } });
  return { wait, until };
}

/**
 * Records an admitted attempt that failed: it is counted already, so only the activity
 * log is written, the failure itself (unless `logged`: a wrong second factor records
 * itself) and a SIGN_IN_THROTTLED event when the failure begins a wait. Returns that wait
 * in seconds, 0 when the subject may try again at once.
 */
export async function failSignInAttempt(
  { waitIfFailed, now }: SignInAttempt,
  failure: SecurityEventInput,
  { logged = false }: { logged?: boolean } = {},
): Promise<number> {
  const throttled: SecurityEventInput[] =
    waitIfFailed > 0 ? [{ type: "SIGN_IN_THROTTLED", userId: failure.userId, reason: "too_many_attempts", device: failure.device, now }] : [];
  await recordSecurityEvents([...(logged ? [] : [{ ...failure, now }]), ...throttled]);
  return waitIfFailed;
}

/**
 * Takes back the failure an admitted attempt was counted as, because it passed. A whole
 * sign-in (`complete`) forgets the failures of the key it was counted on: the account's
 * (a stranger who knew the password) or the known device's. Half a sign-in (the right
 * password of an account that still needs its second factor) only takes its own count
 * back: resetting there would let whoever knows the password clear the count of wrong
 * codes with every entry of it. The address only ever takes its own count back, or an
 * attacker could clear it with sign-ins to an account of their own.
 */
export async function passSignInAttempt({ subject, blocks }: SignInAttempt, { complete = true }: { complete?: boolean } = {}): Promise<void> {
  const [accountCounter, addressCounter] = counters(subject);
  await db.$transaction(async (tx) => {
    if (complete) await tx.throttle.deleteMany({ where: { key: accountCounter.key } });
    else await takeBack(tx, accountCounter.key, blocks[0]);
    await takeBack(tx, addressCounter.key, blocks[1]);
  });
}

async function takeBack(tx: Transaction, key: string, block: Date | null): Promise<void> {
  await tx.throttle.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
  // The block this attempt set goes with it, unless a later failure has set its own since.
  // Stryker disable next-line ConditionalExpression: equivalent, with no block of its own the update would set null where null already is.
  if (block !== null) await tx.throttle.updateMany({ where: { key, blockedUntil: block }, data: { blockedUntil: null } });
}

/**
 * One wrong credential, counted as `underThrottle` counts it: refused unseen (and not
 * counted) while the subject is blocked, otherwise counted and recorded. Returns the
 * seconds the subject is blocked for, 0 when it may try again at once.
 */
export async function recordSignInFailure(
  subject: SignInSubject,
  failure: SecurityEventInput,
  now = new Date(),
  options: { logged?: boolean } = {},
): Promise<number> {
  const admission = await admitSignInAttempt(subject, now);
  return admission.ok ? failSignInAttempt(admission.attempt, failure, options) : admission.waitSeconds;
}

/** Forgets the failures counted on the subject's own key (the account's or the known device's). */
export async function recordSignInSuccess(subject: SignInSubject): Promise<void> {
  await db.throttle.deleteMany({ where: { key: counters(subject)[0].key } });
}

export type Throttled<T> = { ok: true; value: T } | { ok: false; waitSeconds: number };

/**
 * Runs one credential check (a password, a second factor) under the throttle. While the
 * subject is blocked the check does not run at all (the right password is refused unseen,
 * and bcrypt costs nothing), and the refusal is not counted, so the wait stays bounded.
 * An admitted check counts as a failure until it passes (see `admitSignInAttempt`); a
 * pass that is only half a sign-in says `complete: false`.
 * `waitSeconds` 0 means "wrong, try again"; more means "too many attempts".
 */
export async function underThrottle<T>(
  subject: SignInSubject,
  check: () => Promise<{ ok: true; value: T; complete?: boolean } | { ok: false; failure: SecurityEventInput }>,
): Promise<Throttled<T>> {
  const admission = await admitSignInAttempt(subject);
  if (!admission.ok) return { ok: false, waitSeconds: admission.waitSeconds };
  const result = await check();
  if (!result.ok) return { ok: false, waitSeconds: await failSignInAttempt(admission.attempt, result.failure) };
  await passQuietly(admission.attempt, { complete: result.complete !== false });
  return { ok: true, value: result.value };
}

/**
 * passSignInAttempt() after a check that has already changed things (a session rotated, a
 * password changed): a failure here must not turn that success into an error page, and
 * costs only one count left standing, which the memory period forgets. So it is logged.
 */
export async function passQuietly(attempt: SignInAttempt, options: { complete?: boolean } = {}): Promise<void> {
  try {
    await passSignInAttempt(attempt, options);
  } catch (error) {
    (await requestLog()).warn({ event: "throttle_pass_failed", err: error }, "a passed sign-in attempt stayed counted");
  }
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
