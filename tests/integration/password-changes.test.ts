import { beforeEach, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth/accounts";
import { confirmEmailChange, requestEmailChange } from "@/lib/auth/email-change";
import { changePassword, isLivePasswordResetToken, requestPasswordReset, resetPassword } from "@/lib/auth/password-changes";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { addToCart, getCart } from "@/lib/shop/cart";
import { createSession, validateSessionToken } from "@/lib/session/store";
import { createUser, databaseBytes, resetDatabase, seedProduct } from "./helpers/db";
import { allMail, clearOutbox, latestMailTo, mailTo, tokenIn } from "./helpers/outbox";
import { withTrigger } from "./helpers/triggers";

// Both ways to a new password: the change on /account/security (the current password
// proves who asks) and the reset link for someone who forgot it (the mailbox proves it).
// Either one ends every other session of the user at once, rotates the browser that made
// it, and kills every link mailed before it. Links are read from the .eml files, as a
// person reads them from their inbox.

const device = { ipAddress: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new passphrase 42";
const RESET_TTL_MS = env.PASSWORD_RESET_TTL_SECONDS * 1000;

beforeEach(async () => {
  await resetDatabase();
  await clearOutbox();
});

async function resetLinkFor(email: string, now?: Date): Promise<string> {
  await requestPasswordReset(email, device, now);
  return tokenIn(await latestMailTo(email), "/reset-password");
}

function passwordHashOf(userId: string): Promise<string | null> {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } }).then((row) => row.passwordHash);
}

async function isLive(token: string): Promise<boolean> {
  return (await validateSessionToken(token)).session !== null;
}

describe("asking for a reset link", () => {
  it("mails one link to the account's address; the database holds only its hash", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestPasswordReset("ada@example.test", device);

    const mail = await mailTo("ada@example.test");
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe("Larkspur Goods: reset your password");
    expect(mail[0]!.text).toContain(`Hello ${user.name},`);
    expect(mail[0]!.text).toContain(`for ${env.PASSWORD_RESET_TTL_SECONDS / 60} minutes`);
    const token = tokenIn(mail[0]!, "/reset-password");
    expect(await isLivePasswordResetToken(token)).toBe(true);

    // The raw token from the mail is nowhere in the database: not in any row, not in any
    // page of the file, not in the write-ahead log.
    const rows = await db.accountToken.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect((await databaseBytes()).includes(Buffer.from(token))).toBe(false);
  });

  it("sends nothing for an address without an account", async () => {
    await createUser({ email: "ada@example.test" });
    await requestPasswordReset("nobody@example.test", device);
    expect(await allMail()).toEqual([]);
    expect(await db.accountToken.count()).toBe(0);
  });

  it("sends nothing for a disabled account", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await requestPasswordReset("ada@example.test", device);
    expect(await allMail()).toEqual([]);
    expect(await db.accountToken.count()).toBe(0);
  });

  it("works for exactly PASSWORD_RESET_TTL_SECONDS", async () => {
    await createUser({ email: "ada@example.test" });
    const now = new Date("2030-03-01T10:00:00Z");
    const token = await resetLinkFor("ada@example.test", now);
    expect(await isLivePasswordResetToken(token, new Date(now.getTime() + RESET_TTL_MS - 1))).toBe(true);
    expect(await isLivePasswordResetToken(token, new Date(now.getTime() + RESET_TTL_MS))).toBe(false);
    const expired = await resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device }, new Date(now.getTime() + RESET_TTL_MS));
    expect(expired).toEqual({ ok: false });
  });

  it("makes the previous link worthless: only the newest one works", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const first = await resetLinkFor("ada@example.test");
    const second = await resetLinkFor("ada@example.test");
    expect(second).not.toBe(first);
    const hash = await passwordHashOf(user.id);
    expect(await isLivePasswordResetToken(first)).toBe(false);
    expect(await resetPassword(first, NEW_PASSWORD, { previousToken: undefined, device })).toEqual({ ok: false });
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect((await resetPassword(second, NEW_PASSWORD, { previousToken: undefined, device })).ok).toBe(true);
  });
});

describe("whether a reset link works", () => {
  it.each([
    ["unknown", "A".repeat(43)],
    ["malformed", "not-a-token"],
    ["empty", ""],
    ["not a string", { token: "x" }],
    ["missing", undefined],
  ])("says no for a token that is %s", async (_name, token) => {
    await createUser({ email: "ada@example.test" });
    await resetLinkFor("ada@example.test");
    expect(await isLivePasswordResetToken(token)).toBe(false);
  });

  it("says no for an email-change link", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "new@example.test", device);
    const token = tokenIn(await latestMailTo("new@example.test"), "/confirm-email");
    expect(await isLivePasswordResetToken(token)).toBe(false);
    expect(await resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device })).toEqual({ ok: false });
  });
});

describe("setting a password from a reset link", () => {
  it("sets the password, ends every session of the user, and signs this browser in with a new one", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    const [phone, laptop] = [await createSession({ userId: user.id, device }), await createSession({ userId: user.id, device })];
    const stranger = await createSession({ userId: (await createUser()).id, device });
    const token = await resetLinkFor("ada@example.test");

    const result = await resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device });

    expect(result.ok).toBe(true);
    if (!result.ok || !result.session) throw new Error("expected a signed-in session");
    expect(result.user).toEqual(user);
    expect(result.session.endedSessions).toBe(2);
    expect(await isLive(phone.token)).toBe(false);
    expect(await isLive(laptop.token)).toBe(false);
    expect(await isLive(stranger.token)).toBe(true);
    expect(await validateSessionToken(result.session.token)).toMatchObject({ user, session: { userId: user.id, ...device } });
    // A fresh proof of identity: the new session starts a sudo window.
    expect(result.session.session.authenticatedAt).not.toBeNull();

    expect(await authenticate({ email: "ada@example.test", password: NEW_PASSWORD })).toEqual({ ok: true, user });
    expect(await authenticate({ email: "ada@example.test", password: PASSWORD })).toMatchObject({ ok: false });
  });

  it("works once: the same link is refused afterwards and changes nothing", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const token = await resetLinkFor("ada@example.test");
    expect((await resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device })).ok).toBe(true);
    const hash = await passwordHashOf(user.id);
    const sessions = await db.session.count();

    expect(await isLivePasswordResetToken(token)).toBe(false);
    expect(await resetPassword(token, "yet another passphrase 7", { previousToken: undefined, device })).toEqual({ ok: false });
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await db.session.count()).toBe(sessions);
  });

  it("of two submits racing with one link, exactly one sets a password", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const token = await resetLinkFor("ada@example.test");
    const results = await Promise.all([
      resetPassword(token, "first racing passphrase 1", { previousToken: undefined, device }),
      resetPassword(token, "second racing passphrase 2", { previousToken: undefined, device }),
    ]);
    expect(results.map((result) => result.ok).sort()).toEqual([false, true]);
    // The loser left no session behind.
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    const winner = results[0]!.ok ? "first racing passphrase 1" : "second racing passphrase 2";
    expect(await authenticate({ email: "ada@example.test", password: winner })).toEqual({ ok: true, user });
  });

  it("rotates the browser's guest session and carries its cart over", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const mug = await seedProduct({ stock: 10 });
    const guest = await createSession({ userId: null, device });
    await addToCart({ sessionId: guest.session.id }, mug.id, 2);
    const token = await resetLinkFor("ada@example.test");

    const result = await resetPassword(token, NEW_PASSWORD, { previousToken: guest.token, device });

    expect(result.ok).toBe(true);
    if (!result.ok || !result.session) throw new Error("expected a signed-in session");
    expect(result.session.token).not.toBe(guest.token);
    expect(await isLive(guest.token)).toBe(false);
    expect(result.session.mergedItems).toBe(2);
    expect((await getCart({ userId: user.id })).itemCount).toBe(2);
  });

  it("tells the account's address that the password was reset", async () => {
    await createUser({ email: "ada@example.test" });
    const token = await resetLinkFor("ada@example.test");
    await resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device });
    const notice = await latestMailTo("ada@example.test");
    expect(notice.subject).toBe("Larkspur Goods: your password was changed");
    expect(notice.text).toContain("reset with a link sent to this address, and every device was signed out");
  });

  it("passes a database failure on, and leaves the link and the password as they were", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    const token = await resetLinkFor("ada@example.test");
    const hash = await passwordHashOf(user.id);
    await withTrigger({ table: "User", before: "UPDATE", effect: { fail: "disk full" } }, async () => {
      // Not mistaken for a used-up link: the caller sees the failure (an error page), and
      // the user can try the same link again.
      await expect(resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device })).rejects.toThrow(/Invalid `tx.user.update\(\)` invocation/);
    });
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await isLivePasswordResetToken(token)).toBe(true);
    expect(await db.session.count()).toBe(0);
  });

  it("refuses a link of an account disabled since it was sent", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    const token = await resetLinkFor("ada@example.test");
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const hash = await passwordHashOf(user.id);
    expect(await resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device })).toEqual({ ok: false });
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await db.session.count()).toBe(0);
  });

  it("is refused once the password was changed meanwhile", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    const token = await resetLinkFor("ada@example.test");
    const changed = await changePassword(user, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { previousToken: undefined, device });
    expect(changed.ok).toBe(true);
    expect(await isLivePasswordResetToken(token)).toBe(false);
    expect(await resetPassword(token, "yet another passphrase 7", { previousToken: undefined, device })).toEqual({ ok: false });
    expect(await authenticate({ email: "ada@example.test", password: NEW_PASSWORD })).toEqual({ ok: true, user });
  });

  it("is refused once the email address was changed meanwhile: it went to the old address", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const token = await resetLinkFor("ada@example.test");
    await requestEmailChange(user, "ada@new.example.test", device);
    const confirmation = tokenIn(await latestMailTo("ada@new.example.test"), "/confirm-email");
    expect(await confirmEmailChange(confirmation, device)).toEqual({ ok: true, email: "ada@new.example.test" });

    expect(await isLivePasswordResetToken(token)).toBe(false);
    expect(await resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device })).toEqual({ ok: false });
  });

  it("also kills a pending email-change link", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "thief@example.test", device);
    const stolen = tokenIn(await latestMailTo("thief@example.test"), "/confirm-email");
    const token = await resetLinkFor("ada@example.test");
    expect((await resetPassword(token, NEW_PASSWORD, { previousToken: undefined, device })).ok).toBe(true);
    expect(await confirmEmailChange(stolen, device)).toEqual({ ok: false, reason: "invalid-link" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe("ada@example.test");
  });
});

describe("changing the password", () => {
  it("rotates this session, ends the user's others, and says how many", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    const current = await createSession({ userId: user.id, device });
    const others = [await createSession({ userId: user.id, device }), await createSession({ userId: user.id, device })];
    const stranger = await createSession({ userId: (await createUser()).id, device });

    const result = await changePassword(user, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { previousToken: current.token, device });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.session.endedSessions).toBe(2);
    expect(result.session.token).not.toBe(current.token);
    expect(await isLive(current.token)).toBe(false);
    for (const other of others) expect(await isLive(other.token)).toBe(false);
    expect(await isLive(stranger.token)).toBe(true);
    expect(await validateSessionToken(result.session.token)).toMatchObject({ user });
    expect(await authenticate({ email: "ada@example.test", password: NEW_PASSWORD })).toEqual({ ok: true, user });
    expect(await authenticate({ email: "ada@example.test", password: PASSWORD })).toMatchObject({ ok: false });
  });

  it("counts no other session when there was none", async () => {
    const user = await createUser({ password: PASSWORD });
    const current = await createSession({ userId: user.id, device });
    const result = await changePassword(user, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { previousToken: current.token, device });
    expect(result.ok && result.session.endedSessions).toBe(0);
  });

  it("changes nothing for a wrong current password", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    const current = await createSession({ userId: user.id, device });
    const other = await createSession({ userId: user.id, device });
    const token = await resetLinkFor("ada@example.test");
    await clearOutbox();
    const hash = await passwordHashOf(user.id);

    const result = await changePassword(user, { currentPassword: "not my password", newPassword: NEW_PASSWORD }, { previousToken: current.token, device });

    expect(result).toEqual({ ok: false, reason: "wrong-password" });
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await isLive(current.token)).toBe(true);
    expect(await isLive(other.token)).toBe(true);
    expect(await db.session.count()).toBe(2);
    expect(await isLivePasswordResetToken(token)).toBe(true);
    expect(await allMail()).toEqual([]);
  });

  it("is refused for an account disabled meanwhile, even with the right password", async () => {
    const user = await createUser({ password: PASSWORD });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const hash = await passwordHashOf(user.id);
    expect(await changePassword(user, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { previousToken: undefined, device })).toEqual({
      ok: false,
      reason: "wrong-password",
    });
    expect(await passwordHashOf(user.id)).toBe(hash);
  });

  it("kills every link mailed before it: reset links and email-change links", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    const reset = await resetLinkFor("ada@example.test");
    await requestEmailChange(user, "thief@example.test", device);
    const emailLink = tokenIn(await latestMailTo("thief@example.test"), "/confirm-email");

    await changePassword(user, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { previousToken: undefined, device });

    expect(await isLivePasswordResetToken(reset)).toBe(false);
    expect(await confirmEmailChange(emailLink, device)).toEqual({ ok: false, reason: "invalid-link" });
    expect(await db.accountToken.count()).toBe(0);
  });

  it("tells the account's address", async () => {
    const user = await createUser({ email: "ada@example.test", password: PASSWORD });
    await changePassword(user, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { previousToken: undefined, device });
    const notice = await latestMailTo("ada@example.test");
    expect(notice.subject).toBe("Larkspur Goods: your password was changed");
    expect(notice.text).toContain("just changed, and every other device was signed out");
    expect(notice.text).toContain("/forgot-password");
  });
});
