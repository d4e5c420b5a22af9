import { createHash, createHmac, randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { countRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "@/lib/auth/recovery-codes";
import { checkSecondFactor, hasTwoFactor } from "@/lib/auth/second-factor";
import { reauthenticate } from "@/lib/auth/step-up";
import {
  beginTwoFactorSetup,
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
  twoFactorStatus,
} from "@/lib/auth/two-factor";
import { db } from "@/lib/db";
import { sessionReference } from "@/lib/security/events";
import { twoFactorKey } from "@/lib/security/keys";
import { seal } from "@/lib/security/secret-box";
import { totpStep } from "@/lib/security/totp";
import { createSession, validateSessionToken } from "@/lib/session/store";
import { createUser, databaseBytes, resetDatabase } from "./helpers/db";
import { latestMailTo, mailTo } from "./helpers/outbox";
import { codeAt, stepsAfter, T0, turnOnTwoFactor } from "./helpers/two-factor";

// Two-factor authentication (TOTP, RFC 6238) against the real database: turning it on and
// off, each code working once, the secret encrypted at rest, and recovery codes.

const device = { ipAddress: "203.0.113.20", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const phone = { ipAddress: "198.51.100.7", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1" };
const PASSWORD = "correct horse battery";

beforeEach(resetDatabase);

function userRow(id: string) {
  return db.user.findUniqueOrThrow({
    where: { id },
    select: { totpSecret: true, totpPendingSecret: true, totpEnabledAt: true, totpLastUsedStep: true },
  });
}

async function isLive(token: string): Promise<boolean> {
  return (await validateSessionToken(token)).session !== null;
}

function eventsOf(userId: string) {
  return db.securityEvent.findMany({ where: { userId }, orderBy: { id: "asc" } });
}

async function pendingSecretOf(user: Awaited<ReturnType<typeof createUser>>): Promise<string> {
  const status = await twoFactorStatus(user);
  if (status.enabled || !status.setup) throw new Error("no setup");
  return status.setup.secret;
}

describe("setting two-factor up", () => {
  it("stores a new secret as pending, sealed, and shows it with an otpauth:// URI; nothing is on yet", async () => {
    const user = await createUser({ email: "ada@example.test" });
    expect(await twoFactorStatus(user)).toEqual({ enabled: false, setup: null });
    expect(await beginTwoFactorSetup(user)).toBe(true);

    const status = await twoFactorStatus(user);
    if (status.enabled || !status.setup) throw new Error("expected a setup");
    expect(status.setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(status.setup.uri).toMatch(/^otpauth:\/\/totp\/Secure%20Sessions%20Shop:ada%40example\.test\?/);
    expect(status.setup.uri).toContain(`secret=${status.setup.secret}`);

    const row = await userRow(user.id);
    expect(row.totpPendingSecret).toMatch(/^v1\./);
    expect(row.totpPendingSecret).not.toContain(status.setup.secret);
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastUsedStep: null });
    expect(await hasTwoFactor(user.id)).toBe(false);
  });

  it("replaces the pending secret when started again", async () => {
    const user = await createUser();
    await beginTwoFactorSetup(user);
    const first = await pendingSecretOf(user);
    await beginTwoFactorSetup(user);
    const second = await pendingSecretOf(user);
    expect(second).not.toBe(first);
    const result = await enableTwoFactor(user, codeAt(first, T0), { previousToken: undefined, device, now: T0 });
    expect(result).toEqual({ ok: false, reason: "wrong-code" });
  });

  it("is refused while two-factor is on: a secret in use is never replaced", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    const before = await userRow(user.id);
    expect(await beginTwoFactorSetup(user)).toBe(false);
    expect(await userRow(user.id)).toEqual(before);
    expect(await twoFactorStatus(user)).toEqual({ enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT });
    expect(await checkSecondFactor(user.id, codeAt(secret, stepsAfter(T0, 1)), { device, now: stepsAfter(T0, 1) })).toBe("totp");
  });

  it("shows no setup when the pending secret does not open (another key wrote it)", async () => {
    const user = await createUser();
    await db.user.update({ where: { id: user.id }, data: { totpPendingSecret: seal("JBSWY3DPEHPK3PXP", randomBytes(32), `totp-secret:${user.id}`) } });
    expect(await twoFactorStatus(user)).toEqual({ enabled: false, setup: null });
  });

  it("has nothing to show for a user that no longer exists", async () => {
    const user = await createUser();
    await db.user.delete({ where: { id: user.id } });
    expect(await twoFactorStatus(user)).toEqual({ enabled: false, setup: null });
    expect(await beginTwoFactorSetup(user)).toBe(false);
  });
});

describe("turning two-factor on", () => {
  it("needs a code from the pending secret: a wrong, malformed or far-off code changes nothing", async () => {
    const user = await createUser();
    await beginTwoFactorSetup(user);
    const secret = await pendingSecretOf(user);
    const current = await createSession({ userId: user.id, device });
    const before = await userRow(user.id);
    const right = codeAt(secret, T0);
    const wrong = right === "000000" ? "000001" : "000000";
    for (const code of [wrong, "12345", "abcdef", "", codeAt(secret, stepsAfter(T0, -2)), codeAt(secret, stepsAfter(T0, 2))]) {
      expect(await enableTwoFactor(user, code, { previousToken: current.token, device, now: T0 })).toEqual({ ok: false, reason: "wrong-code" });
    }
    expect(await userRow(user.id)).toEqual(before);
    expect(await isLive(current.token)).toBe(true);
    expect(await db.recoveryCode.count()).toBe(0);
  });

  it("is refused without a setup, and when it is already on", async () => {
    const user = await createUser();
    expect(await enableTwoFactor(user, "123456", { previousToken: undefined, device, now: T0 })).toEqual({ ok: false, reason: "no-setup" });
    const { secret } = await turnOnTwoFactor(user, { device });
    await db.user.update({ where: { id: user.id }, data: { totpPendingSecret: (await userRow(user.id)).totpSecret } });
    const later = stepsAfter(T0, 3);
    expect(await enableTwoFactor(user, codeAt(secret, later), { previousToken: undefined, device, now: later })).toEqual({ ok: false, reason: "no-setup" });
  });

  it("moves the pending secret into place, counts the code's step as used, and returns ten recovery codes", async () => {
    const user = await createUser();
    await beginTwoFactorSetup(user);
    const secret = await pendingSecretOf(user);
    const { totpPendingSecret: sealed } = await userRow(user.id);
    const code = codeAt(secret, T0);
    const result = await enableTwoFactor(user, ` ${code.slice(0, 3)} ${code.slice(3)} `, { previousToken: undefined, device, now: T0 });
    if (!result.ok) throw new Error(result.reason);

    expect(await userRow(user.id)).toEqual({ totpSecret: sealed, totpPendingSecret: null, totpEnabledAt: T0, totpLastUsedStep: totpStep(T0) });
    expect(await hasTwoFactor(user.id)).toBe(true);
    expect(result.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(result.recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    for (const recoveryCode of result.recoveryCodes) expect(recoveryCode).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(await countRecoveryCodes(user.id)).toBe(RECOVERY_CODE_COUNT);
    // The code that turned it on cannot also sign in: its step is used.
    expect(await checkSecondFactor(user.id, code, { device, now: T0 })).toBeNull();
  });

  it("rotates this session, signs every other session of the user out, and logs each one", async () => {
    const user = await createUser();
    const stranger = await createUser();
    await beginTwoFactorSetup(user);
    const secret = await pendingSecretOf(user);
    const current = await createSession({ userId: user.id, device });
    const others = [await createSession({ userId: user.id, device: phone }), await createSession({ userId: user.id, device: phone })];
    const strangers = await createSession({ userId: stranger.id, device });

    const result = await enableTwoFactor(user, codeAt(secret, T0), { previousToken: current.token, device, now: T0 });
    if (!result.ok) throw new Error(result.reason);

    expect(result.session.endedSessions).toBe(2);
    expect(await isLive(result.session.token)).toBe(true);
    expect(result.session.token).not.toBe(current.token);
    expect(await isLive(current.token)).toBe(false);
    for (const other of others) expect(await isLive(other.token)).toBe(false);
    expect(await isLive(strangers.token)).toBe(true);

    const events = await eventsOf(user.id);
    expect(events.map((event) => [event.type, event.reason])).toEqual([
      ["TWO_FACTOR_ENABLED", null],
      ["SESSION_ROTATED", "two_factor_enabled"],
      ["SESSION_REVOKED", "two_factor_enabled"],
      ["SESSION_REVOKED", "two_factor_enabled"],
    ]);
    expect(events[0]).toMatchObject({ ipAddress: device.ipAddress, userAgent: device.userAgent, createdAt: T0 });
    expect(events[1]?.sessionRef).toBe(sessionReference(result.session.session.id));
    expect(events.slice(2).map((event) => event.sessionRef).sort()).toEqual(others.map((other) => sessionReference(other.session.id)).sort());
    // Each row has the device that turned two-factor on: who ended the session, and from where.
    for (const event of events.slice(1)) expect(event).toMatchObject({ ipAddress: device.ipAddress, userAgent: device.userAgent });
  });

  it("of two turn-ons racing with one setup, exactly one wins, with one set of recovery codes", async () => {
    const user = await createUser();
    await beginTwoFactorSetup(user);
    const secret = await pendingSecretOf(user);
    const code = codeAt(secret, T0);
    const results = await Promise.all([1, 2].map(() => enableTwoFactor(user, code, { previousToken: undefined, device, now: T0 })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "no-setup" }]);
    expect(await countRecoveryCodes(user.id)).toBe(RECOVERY_CODE_COUNT);
    expect((await eventsOf(user.id)).filter((event) => event.type === "TWO_FACTOR_ENABLED")).toHaveLength(1);
  });
});

describe("a code from the authenticator app", () => {
  it("works once: the same code again is a replay and is refused", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    const now = stepsAfter(T0, 4);
    const code = codeAt(secret, now);
    expect(await checkSecondFactor(user.id, code, { device, now })).toBe("totp");
    expect((await userRow(user.id)).totpLastUsedStep).toBe(totpStep(now));
    expect(await checkSecondFactor(user.id, code, { device, now })).toBeNull();
    // Still refused later in its window (the next step's check still looks one step back).
    expect(await checkSecondFactor(user.id, code, { device, now: stepsAfter(now, 1) })).toBeNull();

    const events = (await eventsOf(user.id)).slice(-3);
    expect(events.map((event) => [event.type, event.reason])).toEqual([
      ["TWO_FACTOR_VERIFIED", null],
      ["TWO_FACTOR_FAILED", "wrong_code"],
      ["TWO_FACTOR_FAILED", "wrong_code"],
    ]);
    expect(events[0]).toMatchObject({ ipAddress: device.ipAddress, createdAt: now });
  });

  it("is accepted one step early or late (clock skew), never two", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    const now = stepsAfter(T0, 10);
    expect(await checkSecondFactor(user.id, codeAt(secret, stepsAfter(now, -2)), { device, now })).toBeNull();
    expect(await checkSecondFactor(user.id, codeAt(secret, stepsAfter(now, 2)), { device, now })).toBeNull();
    expect(await checkSecondFactor(user.id, codeAt(secret, stepsAfter(now, -1)), { device, now })).toBe("totp");
    expect(await checkSecondFactor(user.id, codeAt(secret, now), { device, now })).toBe("totp");
    expect(await checkSecondFactor(user.id, codeAt(secret, stepsAfter(now, 1)), { device, now })).toBe("totp");
  });

  it("is refused when it is older than the last code accepted, even inside its window", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    const now = stepsAfter(T0, 10);
    expect(await checkSecondFactor(user.id, codeAt(secret, now), { device, now })).toBe("totp");
    expect(await checkSecondFactor(user.id, codeAt(secret, stepsAfter(now, -1)), { device, now })).toBeNull();
    expect((await userRow(user.id)).totpLastUsedStep).toBe(totpStep(now));
  });

  it("of two verifications of one code at the same moment, exactly one passes", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    const now = stepsAfter(T0, 5);
    const code = codeAt(secret, now);
    const results = await Promise.all([1, 2, 3].map(() => checkSecondFactor(user.id, code, { device, now })));
    expect(results.filter((result) => result === "totp")).toHaveLength(1);
    expect(results.filter((result) => result === null)).toHaveLength(2);
  });

  it("is accepted from a row whose last used step is unknown", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    await db.user.update({ where: { id: user.id }, data: { totpLastUsedStep: null } });
    expect(await checkSecondFactor(user.id, codeAt(secret, T0), { device, now: T0 })).toBe("totp");
  });

  it("is refused for a user without two-factor, whatever the code", async () => {
    const user = await createUser();
    await beginTwoFactorSetup(user);
    const secret = await pendingSecretOf(user);
    // A pending secret protects nothing and opens nothing.
    expect(await checkSecondFactor(user.id, codeAt(secret, T0), { device, now: T0 })).toBeNull();
  });

  it("comes from a secret kept encrypted: neither the row nor the database file holds it", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    const row = await userRow(user.id);
    expect(row.totpSecret).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const raw = Buffer.from(secret, "ascii");
    const lower = Buffer.from(secret.toLowerCase(), "ascii");
    const bytes = await databaseBytes();
    expect(bytes.includes(raw)).toBe(false);
    expect(bytes.includes(lower)).toBe(false);
  });

  it("is refused when the stored secret was sealed under another key, or belongs to another user", async () => {
    const user = await createUser();
    const other = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    const now = stepsAfter(T0, 3);

    await db.user.update({ where: { id: user.id }, data: { totpSecret: seal(secret, randomBytes(32), `totp-secret:${user.id}`) } });
    expect(await checkSecondFactor(user.id, codeAt(secret, now), { device, now })).toBeNull();

    // The other user's row, given this user's sealed secret: it does not open there.
    await db.user.update({ where: { id: user.id }, data: { totpSecret: seal(secret, twoFactorKey("totp-secret"), `totp-secret:${user.id}`) } });
    const { totpSecret } = await userRow(user.id);
    await db.user.update({ where: { id: other.id }, data: { totpSecret, totpLastUsedStep: 0 } });
    expect(await checkSecondFactor(other.id, codeAt(secret, now), { device, now })).toBeNull();
    expect(await checkSecondFactor(user.id, codeAt(secret, now), { device, now })).toBe("totp");
  });
});

describe("recovery codes", () => {
  it("each work once, in place of a code, and the page can say how many are left", async () => {
    const user = await createUser();
    const { recoveryCodes } = await turnOnTwoFactor(user, { device });
    const [first, second] = recoveryCodes;
    expect(await checkSecondFactor(user.id, first!, { device, now: T0 })).toBe("recovery_code");
    expect(await checkSecondFactor(user.id, first!, { device, now: T0 })).toBeNull();
    expect(await twoFactorStatus(user)).toEqual({ enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
    expect(await checkSecondFactor(user.id, second!, { device, now: T0 })).toBe("recovery_code");
    expect(await countRecoveryCodes(user.id)).toBe(RECOVERY_CODE_COUNT - 2);

    const types = (await eventsOf(user.id)).map((event) => [event.type, event.reason]);
    expect(types.slice(-3)).toEqual([
      ["RECOVERY_CODE_USED", null],
      ["TWO_FACTOR_FAILED", "wrong_code"],
      ["RECOVERY_CODE_USED", null],
    ]);
  });

  it("are read whatever the case, spaces and dashes", async () => {
    const user = await createUser();
    const { recoveryCodes } = await turnOnTwoFactor(user, { device });
    const [a, b, c, d] = recoveryCodes.map((code) => code.replace("-", ""));
    for (const typed of [a!.toUpperCase(), ` ${b!.slice(0, 3)} ${b!.slice(3)}\n`, `${c!.slice(0, 2)}-${c!.slice(2, 6)}-${c!.slice(6)}`, d!]) {
      expect(await checkSecondFactor(user.id, typed, { device, now: T0 })).toBe("recovery_code");
    }
    expect(normalizeRecoveryCode("ABCDE-FGHIJ")).toBe("abcdefghij");
    for (const garbage of ["", "abcde-fghi", "abcde-fghijk", "abcde-fghi1", "abcde_fghij", "abcdefghij0"]) {
      expect(normalizeRecoveryCode(garbage)).toBeNull();
    }
  });

  it("are stored only as keyed hashes (HMAC), never as the code or its plain hash", async () => {
    const user = await createUser();
    const { recoveryCodes } = await turnOnTwoFactor(user, { device });
    const rows = await db.recoveryCode.findMany({ where: { userId: user.id } });
    const key = twoFactorKey("recovery-code");
    const expected = recoveryCodes.map((code) => createHmac("sha256", key).update(code.replace("-", "")).digest("hex"));
    expect(rows.map((row) => row.codeHash).sort()).toEqual(expected.sort());
    const stored = JSON.stringify(rows);
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code.replace("-", ""));
      expect(stored).not.toContain(createHash("sha256").update(code.replace("-", "")).digest("hex"));
    }
  });

  it("of two uses of one code at the same moment, exactly one passes", async () => {
    const user = await createUser();
    const { recoveryCodes } = await turnOnTwoFactor(user, { device });
    const results = await Promise.all([1, 2, 3].map(() => checkSecondFactor(user.id, recoveryCodes[0]!, { device, now: T0 })));
    expect(results.filter((result) => result === "recovery_code")).toHaveLength(1);
    expect(await countRecoveryCodes(user.id)).toBe(RECOVERY_CODE_COUNT - 1);
    expect(await db.securityEvent.count({ where: { userId: user.id, type: "RECOVERY_CODE_USED" } })).toBe(1);
  });

  it("of one user do nothing for another", async () => {
    const user = await createUser();
    const other = await createUser();
    const { recoveryCodes } = await turnOnTwoFactor(user, { device });
    await turnOnTwoFactor(other, { device });
    expect(await checkSecondFactor(other.id, recoveryCodes[0]!, { device, now: T0 })).toBeNull();
    expect(await countRecoveryCodes(user.id)).toBe(RECOVERY_CODE_COUNT);
  });

  it("regenerated: ten new codes work, every old one is dead, and the log says so", async () => {
    const user = await createUser();
    const { recoveryCodes: old } = await turnOnTwoFactor(user, { device });
    const current = await createSession({ userId: user.id, device });
    const fresh = await regenerateRecoveryCodes(user, { device, sessionId: current.session.id });
    if (!fresh) throw new Error("expected new codes");
    expect(fresh).toHaveLength(RECOVERY_CODE_COUNT);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
    expect(await countRecoveryCodes(user.id)).toBe(RECOVERY_CODE_COUNT);
    expect(await checkSecondFactor(user.id, old[0]!, { device, now: T0 })).toBeNull();
    expect(await checkSecondFactor(user.id, fresh[0]!, { device, now: T0 })).toBe("recovery_code");
    const event = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "RECOVERY_CODES_REGENERATED" } });
    expect(event).toMatchObject({ sessionRef: sessionReference(current.session.id), ipAddress: device.ipAddress });
  });

  it("are not made for a user without two-factor", async () => {
    const user = await createUser();
    const current = await createSession({ userId: user.id, device });
    expect(await regenerateRecoveryCodes(user, { device, sessionId: current.session.id })).toBeNull();
    expect(await db.recoveryCode.count()).toBe(0);
    expect(await db.securityEvent.count()).toBe(0);
  });
});

describe("turning two-factor off", () => {
  it("needs a valid code: a wrong or replayed one changes nothing", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    const current = await createSession({ userId: user.id, device });
    const before = await userRow(user.id);
    for (const code of ["000000", codeAt(secret, T0), "not a code"]) {
      expect(await disableTwoFactor(user, code, { previousToken: current.token, device, now: T0 })).toEqual({ ok: false });
    }
    expect(await userRow(user.id)).toEqual(before);
    expect(await isLive(current.token)).toBe(true);
    expect(await countRecoveryCodes(user.id)).toBe(RECOVERY_CODE_COUNT);
  });

  it("with a code: clears the secret and the recovery codes, rotates this session and keeps the others", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    await beginTwoFactorSetup(user);
    const current = await createSession({ userId: user.id, device });
    const other = await createSession({ userId: user.id, device: phone });
    const now = stepsAfter(T0, 2);

    const result = await disableTwoFactor(user, codeAt(secret, now), { previousToken: current.token, device, now });
    if (!result.ok) throw new Error("expected success");
    expect(await userRow(user.id)).toEqual({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastUsedStep: null });
    expect(await countRecoveryCodes(user.id)).toBe(0);
    expect(await hasTwoFactor(user.id)).toBe(false);
    expect(await isLive(current.token)).toBe(false);
    expect(await isLive(result.session.token)).toBe(true);
    expect(await isLive(other.token)).toBe(true);

    const events = (await eventsOf(user.id)).slice(-2);
    expect(events.map((event) => event.type)).toEqual(["TWO_FACTOR_VERIFIED", "TWO_FACTOR_DISABLED"]);
    expect(events[0]!.sessionRef).toBe(sessionReference(current.session.id));
    expect(events[1]).toMatchObject({ ipAddress: device.ipAddress, createdAt: now });
  });

  it("turning it on and off is mailed to the account's address, a wrong code is not", async () => {
    const user = await createUser();
    const { secret } = await turnOnTwoFactor(user, { device });
    expect((await mailTo(user.email)).map((mail) => mail.subject)).toEqual([expect.stringMatching(/two-factor authentication is on$/)]);
    await disableTwoFactor(user, "000000", { previousToken: undefined, device, now: stepsAfter(T0, 2) });
    expect(await mailTo(user.email)).toHaveLength(1);
    await disableTwoFactor(user, codeAt(secret, stepsAfter(T0, 2)), { previousToken: undefined, device, now: stepsAfter(T0, 2) });
    const off = await latestMailTo(user.email);
    expect(off.subject).toMatch(/two-factor authentication is off$/);
    expect(off.text).toContain("/forgot-password");
  });

  it("with a recovery code works too", async () => {
    const user = await createUser();
    const { recoveryCodes } = await turnOnTwoFactor(user, { device });
    expect((await disableTwoFactor(user, recoveryCodes[3]!, { previousToken: undefined, device, now: T0 })).ok).toBe(true);
    expect(await hasTwoFactor(user.id)).toBe(false);
  });
});

describe("step-up for a user with two-factor on", () => {
  it("needs the password and a code: either alone is refused", async () => {
    const user = await createUser({ password: PASSWORD });
    const { secret } = await turnOnTwoFactor(user, { device });
    const current = await createSession({ userId: user.id, device });
    const request = { previousToken: current.token, device };
    const code = codeAt(secret, new Date());

    expect(await reauthenticate(user, PASSWORD, request)).toBeNull();
    expect(await reauthenticate(user, PASSWORD, request, "000000")).toBeNull();
    expect(await reauthenticate(user, "wrong password here", request, code)).toBeNull();
    expect(await isLive(current.token)).toBe(true);

    // The wrong password above spent nothing: the code still works with the right one.
    const confirmed = await reauthenticate(user, PASSWORD, request, code);
    expect(confirmed).not.toBeNull();
    expect(await isLive(current.token)).toBe(false);
    expect(await isLive(confirmed!.token)).toBe(true);
    const verified = await db.securityEvent.findFirstOrThrow({ where: { userId: user.id, type: "TWO_FACTOR_VERIFIED" } });
    expect(verified.sessionRef).toBe(sessionReference(current.session.id));
  });

  it("takes a recovery code in place of the app's code", async () => {
    const user = await createUser({ password: PASSWORD });
    const { recoveryCodes } = await turnOnTwoFactor(user, { device });
    const confirmed = await reauthenticate(user, PASSWORD, { previousToken: undefined, device }, recoveryCodes[0]);
    expect(confirmed).not.toBeNull();
    expect(await countRecoveryCodes(user.id)).toBe(RECOVERY_CODE_COUNT - 1);
  });

  it("asks nothing more of a user without two-factor", async () => {
    const user = await createUser({ password: PASSWORD });
    expect(await reauthenticate(user, PASSWORD, { previousToken: undefined, device })).not.toBeNull();
    const secondFactorEvents = ["TWO_FACTOR_VERIFIED", "TWO_FACTOR_FAILED", "RECOVERY_CODE_USED"] as const;
    expect(await db.securityEvent.count({ where: { userId: user.id, type: { in: [...secondFactorEvents] } } })).toBe(0);
  });
});
