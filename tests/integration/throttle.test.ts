import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authenticate } from "@/lib/auth/accounts";
import type * as PasswordModule from "@/lib/auth/password";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { issueDeviceCookie, parseDeviceCookie } from "@/lib/security/device-cookie";
import type { SecurityEventInput } from "@/lib/security/events";
import { rememberDevice } from "@/lib/security/known-devices";
import {
  admitSignInAttempt,
  passSignInAttempt,
  recordSignInFailure,
  recordSignInSuccess,
  signInSubject,
  signInWait,
  signInWaitForAddress,
  takeAttempt,
  underThrottle,
  type SignInSubject,
} from "@/lib/security/throttle";
import { createUser, resetDatabase } from "./helpers/db";

// The real bcrypt comparison, watched: it runs on a hashing thread (lib/auth/password.ts),
// where a spy on the bcrypt package could not see it.
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const real = await importOriginal<typeof PasswordModule>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

// Sign-in throttling on the real database (defaults: 5 free failures per account, 50 per
// address, waits doubling from 2 s up to 900 s; 20 registrations and 10 reset requests per
// address an hour). Times are passed in, so a test can step past a wait without sleeping.

const PASSWORD = "correct horse battery";
const attacker = { ipAddress: "198.51.100.66", userAgent: "curl/8.5.0" };
const owner = { ipAddress: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const T0 = new Date("2026-11-22T12:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

beforeEach(resetDatabase);
afterEach(() => vi.restoreAllMocks());

function stranger(email: string, ipAddress = attacker.ipAddress): SignInSubject {
  return { email, ipAddress, knownDevice: null };
}

function failure(userId: string | null = null): SecurityEventInput {
  return { type: "SIGN_IN_FAILED", userId, reason: userId === null ? "unknown_account" : "wrong_password", device: attacker };
}

/** `count` failures, each at the moment the previous wait ended; returns each one's wait. */
async function failRepeatedly(subject: SignInSubject, count: number, start = T0): Promise<{ waits: number[]; end: Date }> {
  const waits: number[] = [];
  let now = start;
  for (let index = 0; index < count; index++) {
    const wait = await recordSignInFailure(subject, failure(), now);
    waits.push(wait);
    now = new Date(now.getTime() + wait * 1000);
  }
  return { waits, end: now };
}

async function throttleRow(keyPrefix: string) {
  return db.throttle.findFirst({ where: { key: { startsWith: keyPrefix } } });
}

describe("failed sign-ins for one account", () => {
  it("cost nothing five times, then block for 2, 4, 8 ... seconds, never more than 900", async () => {
    const { waits } = await failRepeatedly(stranger("ada@example.test"), 20);
    expect(waits).toEqual([0, 0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900, 900, 900, 900]);
  });

  it("make the next attempt wait exactly until the block ends, rounded up to whole seconds", async () => {
    const subject = stranger("ada@example.test");
    await failRepeatedly(subject, 6);
    expect(await signInWait(subject, T0)).toBe(2);
    expect(await signInWait(subject, new Date(T0.getTime() + 1001))).toBe(1);
    expect(await signInWait(subject, at(2))).toBe(0);
    expect(await signInWait(subject, at(60))).toBe(0);
  });

  it("count against the account from any address, and against no other account", async () => {
    for (let index = 0; index < 6; index++) {
      await recordSignInFailure(stranger("ada@example.test", `198.51.100.${index}`), failure(), T0);
    }
    expect(await signInWait(stranger("ada@example.test", "192.0.2.1"), T0)).toBe(2);
    expect(await signInWait(stranger("bob@example.test"), T0)).toBe(0);
  });

  it("count the same for an email with an account as for one without, and never store the email", async () => {
    const ada = await createUser({ email: "ada@example.test" });
    const known = await failRepeatedly(stranger("ada@example.test"), 7);
    const unknown = await failRepeatedly(stranger("nobody@example.test", "192.0.2.7"), 7);
    expect(unknown.waits).toEqual(known.waits);
    const keys = (await db.throttle.findMany({ select: { key: true } })).map((row) => row.key);
    expect(keys.filter((key) => key.startsWith("signin:account:"))).toHaveLength(2);
    for (const key of keys) expect(key).not.toMatch(/ada|nobody|example/);
    expect(ada.id).toBeTruthy();
  });

  it("are counted per email address as the form normalises it", async () => {
    await failRepeatedly(stranger("ada@example.test"), 6);
    expect(await signInWait(stranger(" ADA@Example.test "), T0)).toBe(2);
  });

  it("are refused past the first block when they arrive at the same moment: a burst cannot outrun the count", async () => {
    const subject = stranger("ada@example.test");
    const waits = await Promise.all(Array.from({ length: 25 }, () => recordSignInFailure(subject, failure(), T0)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(5);
    expect(waits.filter((wait) => wait === 2)).toHaveLength(20);
    expect((await throttleRow("signin:account:"))?.count).toBe(6);
    expect((await throttleRow("signin:ip:"))?.count).toBe(6);
    expect(await db.securityEvent.count({ where: { type: "SIGN_IN_FAILED" } })).toBe(6);
    expect(await db.securityEvent.count({ where: { type: "SIGN_IN_THROTTLED" } })).toBe(1);
  });

  it("are forgotten 24 hours after the last one, not a moment before", async () => {
    const subject = stranger("ada@example.test");
    const { end } = await failRepeatedly(subject, 6);
    const lastFailure = new Date(end.getTime() - 2000);
    const almost = new Date(lastFailure.getTime() + 24 * 3600 * 1000 - 1);
    expect(await recordSignInFailure(subject, failure(), almost)).toBe(4);
    const dayAfter = new Date(almost.getTime() + 24 * 3600 * 1000);
    expect(await recordSignInFailure(subject, failure(), dayAfter)).toBe(0);
    expect(await throttleRow("signin:account:")).toMatchObject({ count: 1, windowStart: dayAfter, lastAttempt: dayAfter, blockedUntil: null });
  });

  it("start again from zero after a success, which leaves the address's count alone", async () => {
    const subject = stranger("ada@example.test");
    await failRepeatedly(subject, 4);
    await recordSignInSuccess(subject);
    expect(await throttleRow("signin:account:")).toBeNull();
    expect((await throttleRow("signin:ip:"))?.count).toBe(4);
    expect((await failRepeatedly(subject, 6, at(10))).waits).toEqual([0, 0, 0, 0, 0, 2]);
  });

  it("are not counted while a block lasts, so knocking does not lengthen it, and cost no write", async () => {
    const subject = stranger("ada@example.test");
    await failRepeatedly(subject, 6);
    const transactions = vi.spyOn(db, "$transaction");
    expect(await recordSignInFailure(subject, failure(), at(1))).toBe(1);
    expect(transactions).not.toHaveBeenCalled();
    expect(await throttleRow("signin:account:")).toMatchObject({ count: 6, lastAttempt: T0, blockedUntil: at(2) });
    expect((await throttleRow("signin:ip:"))?.count).toBe(6);
    expect(await db.securityEvent.count({ where: { type: "SIGN_IN_FAILED" } })).toBe(6);
  });
});

describe("failed sign-ins from one address", () => {
  it("cost nothing 50 times across any accounts, then block the address for every account", async () => {
    const waits: number[] = [];
    for (let index = 0; index < 51; index++) waits.push(await recordSignInFailure(stranger(`user${index}@example.test`), failure(), T0));
    expect(waits.slice(0, 50).every((wait) => wait === 0)).toBe(true);
    expect(waits[50]).toBe(2);
    expect(await signInWait(stranger("fresh@example.test"), T0)).toBe(2);
    expect(await signInWaitForAddress(attacker.ipAddress, T0)).toBe(2);
    expect(await signInWaitForAddress("192.0.2.1", T0)).toBe(0);
    expect(await signInWait(stranger("fresh@example.test", "192.0.2.1"), T0)).toBe(0);
  });

  it("are forgotten an hour after the last one", async () => {
    for (let index = 0; index < 50; index++) await recordSignInFailure(stranger(`user${index}@example.test`), failure(), T0);
    expect(await recordSignInFailure(stranger("late@example.test"), failure(), at(3599))).toBe(2);
    expect(await recordSignInFailure(stranger("later@example.test"), failure(), at(3599 + 3600))).toBe(0);
  });

  it("count requests with no known address together, rather than not at all", async () => {
    for (let index = 0; index < 51; index++) await recordSignInFailure({ email: `u${index}@example.test`, ipAddress: null, knownDevice: null }, failure(), T0);
    expect(await signInWaitForAddress(null, T0)).toBe(2);
    expect((await throttleRow("signin:ip:unknown"))?.count).toBe(51);
  });
});

describe("a credential check under the throttle", () => {
  const passwordCheck = (email: string, password: string) => async () => {
    const result = await authenticate({ email, password });
    return result.ok ? ({ ok: true, value: result.user } as const) : ({ ok: false, failure: { ...failure(result.userId), reason: result.reason } } as const);
  };

  it("refuses the right password during a wait without running bcrypt, and does not count the refusal", async () => {
    const ada = await createUser({ email: "ada@example.test", password: PASSWORD });
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    for (let index = 0; index < 5; index++) expect(await underThrottle(subject, passwordCheck("ada@example.test", "wrong password"))).toEqual({ ok: false, waitSeconds: 0 });
    expect(await underThrottle(subject, passwordCheck("ada@example.test", "wrong password"))).toEqual({ ok: false, waitSeconds: 2 });

    const compare = vi.mocked(verifyPassword);
    compare.mockClear();
    const refused = await underThrottle(subject, passwordCheck("ada@example.test", PASSWORD));
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.waitSeconds).toBeGreaterThanOrEqual(1);
    expect(compare).not.toHaveBeenCalled();
    expect((await throttleRow("signin:account:"))?.count).toBe(6);

    await db.throttle.updateMany({ data: { blockedUntil: null } });
    expect(await underThrottle(subject, passwordCheck("ada@example.test", PASSWORD))).toEqual({ ok: true, value: expect.objectContaining({ id: ada.id }) });
    expect(compare).toHaveBeenCalledOnce();
    expect(await throttleRow("signin:account:")).toBeNull();
  });

  it("runs bcrypt only for the free attempts and the first blocked one of a burst sent at once", async () => {
    await createUser({ email: "ada@example.test", password: PASSWORD });
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    const compare = vi.mocked(verifyPassword);
    compare.mockClear();
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => underThrottle(subject, passwordCheck("ada@example.test", "wrong password"))));
    expect(compare).toHaveBeenCalledTimes(6);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.waitSeconds > 0)).toHaveLength(25);
    expect((await throttleRow("signin:account:"))?.count).toBe(6);
  });

  it("takes back what a right password was counted as, and only that, when a second factor is still to come", async () => {
    const ada = await createUser({ email: "ada@example.test", password: PASSWORD });
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    for (let index = 0; index < 5; index++) await underThrottle(subject, passwordCheck("ada@example.test", "wrong password"));
    const halfway = async () => ({ ok: true, value: ada.id, complete: false }) as const;
    expect(await underThrottle(subject, halfway)).toEqual({ ok: true, value: ada.id });
    expect(await throttleRow("signin:account:")).toMatchObject({ count: 5, blockedUntil: null });
    expect(await throttleRow("signin:ip:")).toMatchObject({ count: 5, blockedUntil: null });
    expect(await underThrottle(subject, passwordCheck("ada@example.test", "wrong password"))).toEqual({ ok: false, waitSeconds: 2 });
  });

  it("leaves an address at its limit as it was after a sign-in from it, without the block that sign-in was counted under", async () => {
    for (let index = 0; index < 50; index++) await recordSignInFailure(stranger(`user${index}@example.test`), failure(), new Date());
    const ada = await createUser({ email: "ada@example.test", password: PASSWORD });
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    expect(await underThrottle(subject, passwordCheck("ada@example.test", PASSWORD))).toEqual({ ok: true, value: expect.objectContaining({ id: ada.id }) });
    expect(await throttleRow("signin:ip:")).toMatchObject({ count: 50, blockedUntil: null });
    expect(await db.throttle.count({ where: { key: { startsWith: "signin:account:" } } })).toBe(50);
    expect(await underThrottle(subject, passwordCheck("ada@example.test", "wrong password"))).toEqual({ ok: false, waitSeconds: 2 });
  });

  it("keeps a later failure's block when taking back its own", async () => {
    const ada = await createUser({ email: "ada@example.test", password: PASSWORD });
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    for (let index = 0; index < 5; index++) await recordSignInFailure(subject, failure(ada.id), T0);
    const admission = await admitSignInAttempt(subject, T0);
    if (!admission.ok) throw new Error("the sixth attempt is admitted");
    const later = at(600);
    await db.throttle.updateMany({ where: { key: { startsWith: "signin:account:" } }, data: { blockedUntil: later } });
    await passSignInAttempt(admission.attempt, { complete: false });
    expect(await throttleRow("signin:account:")).toMatchObject({ count: 5, blockedUntil: later });
    expect(await throttleRow("signin:ip:")).toMatchObject({ count: 5, blockedUntil: null });
  });

  it("passes on a database error met while admitting, rather than taking it for a block", async () => {
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    vi.spyOn(db, "$transaction").mockRejectedValueOnce(new Error("the database went away"));
    await expect(admitSignInAttempt(subject)).rejects.toThrow("the database went away");
  });

  it("never takes a count below zero", async () => {
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    const admission = await admitSignInAttempt(subject, T0);
    if (!admission.ok) throw new Error("the first attempt is admitted");
    await db.throttle.updateMany({ data: { count: 0 } });
    await passSignInAttempt(admission.attempt, { complete: false });
    expect(await throttleRow("signin:account:")).toMatchObject({ count: 0 });
    expect(await throttleRow("signin:ip:")).toMatchObject({ count: 0 });
  });

  it("still answers a right password as right when taking its count back fails, and logs it", async () => {
    const ada = await createUser({ email: "ada@example.test", password: PASSWORD });
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    const transaction = db.$transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
    let calls = 0;
    vi.spyOn(db, "$transaction").mockImplementation(((...args: unknown[]) => {
      calls += 1;
      return calls === 2 ? Promise.reject(new Error("the database went away")) : transaction(...args);
    }) as typeof db.$transaction);
    const logged = vi.spyOn(log, "warn");
    expect(await underThrottle(subject, passwordCheck("ada@example.test", PASSWORD))).toEqual({ ok: true, value: expect.objectContaining({ id: ada.id }) });
    expect(calls).toBe(2);
    expect((await throttleRow("signin:account:"))?.count).toBe(1);
    expect(logged).toHaveBeenCalledExactlyOnceWith(
      { event: "throttle_pass_failed", err: expect.objectContaining({ message: "the database went away" }) },
      "a passed sign-in attempt stayed counted",
    );
  });

  it("counts a check that throws as a failure", async () => {
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    const broken = async (): Promise<{ ok: true; value: string }> => {
      throw new Error("the database went away");
    };
    await expect(underThrottle(subject, broken)).rejects.toThrow("the database went away");
    expect((await throttleRow("signin:account:"))?.count).toBe(1);
    expect((await throttleRow("signin:ip:"))?.count).toBe(1);
  });

  it("records each failure with its reason, and one SIGN_IN_THROTTLED per block, none per refusal", async () => {
    const ada = await createUser({ email: "ada@example.test", password: PASSWORD });
    const subject = await signInSubject("ada@example.test", attacker.ipAddress, null);
    for (let index = 0; index < 6; index++) await underThrottle(subject, passwordCheck("ada@example.test", "wrong password"));
    for (let index = 0; index < 5; index++) await underThrottle(subject, passwordCheck("ada@example.test", PASSWORD));
    await underThrottle(await signInSubject("nobody@example.test", attacker.ipAddress, null), passwordCheck("nobody@example.test", PASSWORD));

    const events = await db.securityEvent.findMany({ orderBy: { id: "asc" }, select: { type: true, userId: true, reason: true, ipAddress: true, userAgent: true } });
    const failed = { type: "SIGN_IN_FAILED", userId: ada.id, reason: "wrong_password", ...attacker };
    expect(events).toEqual([
      ...Array.from({ length: 6 }, () => failed),
      { type: "SIGN_IN_THROTTLED", userId: ada.id, reason: "too_many_attempts", ...attacker },
      { type: "SIGN_IN_FAILED", userId: null, reason: "unknown_account", ...attacker },
    ]);
  });
});

describe("a browser the account has signed in from before", () => {
  async function knownBrowserOf(userId: string) {
    const browser = issueDeviceCookie();
    await db.$transaction((tx) => rememberDevice(tx, { userId, deviceHash: browser.hash, sessionId: "a".repeat(64), device: owner, firstSignIn: true }));
    return browser;
  }

  it("still gets in while strangers' failures block the account, and counts its own failures apart", async () => {
    const ada = await createUser({ email: "ada@example.test", password: PASSWORD });
    const browser = await knownBrowserOf(ada.id);
    await failRepeatedly(stranger("ada@example.test"), 10);
    expect(await signInWait(stranger("ada@example.test", owner.ipAddress), T0)).toBeGreaterThan(0);

    const subject = await signInSubject("ada@example.test", owner.ipAddress, parseDeviceCookie(browser.value)?.hash ?? null);
    expect(subject.knownDevice).toBe(browser.hash);
    expect(await signInWait(subject, T0)).toBe(0);
    expect((await failRepeatedly(subject, 6)).waits).toEqual([0, 0, 0, 0, 0, 2]);
    expect((await throttleRow("signin:device:"))?.key).toContain(browser.hash);
  });

  it("is a stranger with a forged cookie, or with a cookie only another account knows", async () => {
    const [ada, bob] = [await createUser({ email: "ada@example.test" }), await createUser({ email: "bob@example.test" })];
    const bobsBrowser = await knownBrowserOf(bob.id);
    const forged = `${bobsBrowser.value.split(".")[0]}.${"A".repeat(43)}`;
    expect(parseDeviceCookie(forged)).toBeNull();
    expect(await signInSubject("ada@example.test", owner.ipAddress, parseDeviceCookie(bobsBrowser.value)?.hash ?? null)).toEqual(
      stranger("ada@example.test", owner.ipAddress),
    );
    expect(await signInSubject("ada@example.test", owner.ipAddress, null)).toEqual(stranger("ada@example.test", owner.ipAddress));
    expect(ada.id).toBeTruthy();
  });

  it("is still held to its address's limit", async () => {
    const ada = await createUser({ email: "ada@example.test" });
    const browser = await knownBrowserOf(ada.id);
    for (let index = 0; index < 51; index++) await recordSignInFailure(stranger(`user${index}@example.test`, owner.ipAddress), failure(), T0);
    expect(await signInWait(await signInSubject("ada@example.test", owner.ipAddress, browser.hash), T0)).toBe(2);
  });

  it("on success forgets its own failures and leaves the strangers' block on the account", async () => {
    const ada = await createUser({ email: "ada@example.test" });
    const browser = await knownBrowserOf(ada.id);
    const subject = await signInSubject("ada@example.test", owner.ipAddress, browser.hash);
    await failRepeatedly(subject, 3);
    await failRepeatedly(stranger("ada@example.test"), 8);
    await recordSignInSuccess(subject);
    expect(await throttleRow("signin:device:")).toBeNull();
    expect(await signInWait(stranger("ada@example.test"), T0)).toBeGreaterThan(0);
  });
});

describe("registrations and password-reset requests from one address", () => {
  it("allow 20 registrations an hour, then say how long until the hour is over", async () => {
    for (let index = 0; index < 20; index++) expect(await takeAttempt("register", attacker.ipAddress, at(index))).toBe(0);
    expect(await takeAttempt("register", attacker.ipAddress, at(600))).toBe(3000);
    expect(await takeAttempt("register", attacker.ipAddress, at(3599))).toBe(1);
    expect(await takeAttempt("register", "192.0.2.1", at(600))).toBe(0);
    expect(await takeAttempt("password-reset", attacker.ipAddress, at(600))).toBe(0);
    expect(await takeAttempt("register", attacker.ipAddress, at(3600))).toBe(0);
  });

  it("allow 10 reset requests an hour, counted together when they arrive at once", async () => {
    const waits = await Promise.all(Array.from({ length: 15 }, () => takeAttempt("password-reset", null, T0)));
    expect(waits.filter((wait) => wait === 0)).toHaveLength(10);
    expect(waits.filter((wait) => wait === 3600)).toHaveLength(5);
    expect((await throttleRow("password-reset:ip:unknown"))?.count).toBe(15);
  });
});
