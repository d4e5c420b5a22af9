import { writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { authenticate } from "@/lib/auth/accounts";
import { EMAIL_CHANGE_TTL_SECONDS, confirmEmailChange, pendingEmailChange, requestEmailChange } from "@/lib/auth/email-change";
import { requestPasswordReset } from "@/lib/auth/password-changes";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { createUser, resetDatabase } from "./helpers/db";
import { allMail, clearOutbox, latestMailTo, mailTo, tokenIn } from "./helpers/outbox";
import { withTrigger } from "./helpers/triggers";

// A new email address takes effect only when a link mailed to it is opened (and its
// page's button pressed): control of the new mailbox is proved, the old address is told,
// and an address another account holds is refused by the unique index at that moment.

const PASSWORD = "correct horse battery";
const TTL_MS = EMAIL_CHANGE_TTL_SECONDS * 1000;
const device = { ipAddress: "203.0.113.40", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };

beforeEach(async () => {
  await resetDatabase();
  await clearOutbox();
});
afterEach(() => vi.restoreAllMocks());

async function confirmationLinkFor(newEmail: string): Promise<string> {
  return tokenIn(await latestMailTo(newEmail), "/confirm-email");
}

function emailOf(userId: string): Promise<string> {
  return db.user.findUniqueOrThrow({ where: { id: userId } }).then((row) => row.email);
}

describe("asking for a new address", () => {
  it("mails a link to the new address and tells the old one, and changes nothing yet", async () => {
    const user = await createUser({ email: "ada@example.test", name: "Ada" });

    expect(await requestEmailChange(user, "ada@new.example.test", device)).toEqual({ ok: true });

    const confirm = await latestMailTo("ada@new.example.test");
    expect(confirm.subject).toBe("Larkspur Goods: confirm your new email address");
    // The new address may be anyone's: it is not greeted with the name the account chose.
    expect(confirm.text.split("\n")[0]).toBe("Hello,");
    expect(confirm.text).toContain(`for ${EMAIL_CHANGE_TTL_SECONDS / 60} minutes`);
    const notice = await latestMailTo("ada@example.test");
    expect(notice.subject).toBe("Larkspur Goods: a change of your email address was requested");
    expect(notice.text).toContain("ada@new.example.test");
    // The old address gets no link: only the new mailbox can make the change.
    expect(notice.text).not.toContain("/confirm-email");

    expect(await emailOf(user.id)).toBe("ada@example.test");
    expect(await authenticate({ email: "ada@example.test", password: PASSWORD })).toEqual({ ok: true, user });
    expect(await pendingEmailChange(tokenIn(confirm, "/confirm-email"))).toBe("ada@new.example.test");
  });

  it("refuses the address the account already has, and sends nothing", async () => {
    const user = await createUser({ email: "ada@example.test" });
    expect(await requestEmailChange(user, "ada@example.test", device)).toEqual({ ok: false, reason: "same-email" });
    expect(await allMail()).toEqual([]);
    expect(await db.accountToken.count()).toBe(0);
  });

  it("says nothing yet about an address another account holds (no probing for accounts)", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await createUser({ email: "taken@example.test" });
    expect(await requestEmailChange(user, "taken@example.test", device)).toEqual({ ok: true });
  });

  it("answers not-sent when the link cannot be mailed, logs why, and tells the old address nothing", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const logged = vi.spyOn(log, "error");
    // A real failure of the real transport: the outbox path is taken by a plain file.
    await writeFile(process.env.MAIL_OUTBOX_DIR!, "not a folder");
    try {
      expect(await requestEmailChange(user, "ada@new.example.test", device)).toEqual({ ok: false, reason: "not-sent" });
    } finally {
      await clearOutbox();
    }
    expect(await allMail()).toEqual([]);
    expect(await emailOf(user.id)).toBe("ada@example.test");
    // One JSON line an operator can search for, naming the purpose and the cause, not the address.
    expect(logged).toHaveBeenCalledExactlyOnceWith(
      { event: "mail_failed", purpose: "EMAIL_CHANGE", err: expect.objectContaining({ code: "EEXIST" }) },
      "an email change link could not be sent",
    );
  });

  it("only the newest link works", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "first@example.test", device);
    const first = await confirmationLinkFor("first@example.test");
    await requestEmailChange(user, "second@example.test", device);
    const second = await confirmationLinkFor("second@example.test");

    expect(await confirmEmailChange(first, device)).toEqual({ ok: false, reason: "invalid-link" });
    expect(await confirmEmailChange(second, device)).toEqual({ ok: true, email: "second@example.test" });
  });
});

describe("opening the link", () => {
  it("changes the address, verifies it, and tells the old address", async () => {
    const user = await createUser({ email: "ada@example.test", name: "Ada" });
    await requestEmailChange(user, "ada@new.example.test", device);
    const token = await confirmationLinkFor("ada@new.example.test");
    await clearOutbox();
    const before = new Date();

    expect(await confirmEmailChange(token, device)).toEqual({ ok: true, email: "ada@new.example.test" });

    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.email).toBe("ada@new.example.test");
    expect(row.emailVerified!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(await authenticate({ email: "ada@new.example.test", password: PASSWORD })).toEqual({ ok: true, user: { ...user, email: "ada@new.example.test" } });
    expect(await authenticate({ email: "ada@example.test", password: PASSWORD })).toMatchObject({ ok: false });

    const told = await mailTo("ada@example.test");
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toBe("Larkspur Goods: your email address was changed");
    expect(told[0]!.text).toContain("Hello Ada,");
    expect(told[0]!.text).toContain("was changed to ada@new.example.test");
    expect(await mailTo("ada@new.example.test")).toEqual([]);
  });

  it("works once", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "ada@new.example.test", device);
    const token = await confirmationLinkFor("ada@new.example.test");
    expect((await confirmEmailChange(token, device)).ok).toBe(true);
    expect(await confirmEmailChange(token, device)).toEqual({ ok: false, reason: "invalid-link" });
    expect(await pendingEmailChange(token)).toBeNull();
  });

  it("works until just before the expiry and not at it", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const now = new Date("2030-04-01T08:00:00Z");
    await requestEmailChange(user, "ada@new.example.test", device, now);
    const token = await confirmationLinkFor("ada@new.example.test");
    expect(await pendingEmailChange(token, new Date(now.getTime() + TTL_MS - 1))).toBe("ada@new.example.test");
    expect(await pendingEmailChange(token, new Date(now.getTime() + TTL_MS))).toBeNull();
    expect(await confirmEmailChange(token, device, new Date(now.getTime() + TTL_MS))).toEqual({ ok: false, reason: "invalid-link" });
    expect(await confirmEmailChange(token, device, new Date(now.getTime() + TTL_MS - 1))).toEqual({ ok: true, email: "ada@new.example.test" });
  });

  it("of two presses racing with one link, exactly one changes the address", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "ada@new.example.test", device);
    const token = await confirmationLinkFor("ada@new.example.test");
    const results = await Promise.all([confirmEmailChange(token, device), confirmEmailChange(token, device)]);
    expect(results).toContainEqual({ ok: true, email: "ada@new.example.test" });
    expect(results).toContainEqual({ ok: false, reason: "invalid-link" });
    // The old address is told once.
    expect(await mailTo("ada@example.test").then((mail) => mail.filter((m) => m.subject.endsWith("was changed")))).toHaveLength(1);
  });

  it("refuses an address another account took meanwhile, and changes nothing", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "wanted@example.test", device);
    const token = await confirmationLinkFor("wanted@example.test");
    const other = await createUser({ email: "wanted@example.test" });
    await clearOutbox();

    expect(await confirmEmailChange(token, device)).toEqual({ ok: false, reason: "email-taken" });
    expect(await emailOf(user.id)).toBe("ada@example.test");
    expect(await emailOf(other.id)).toBe("wanted@example.test");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).toBeNull();
    expect(await allMail()).toEqual([]);
  });

  it("kills the reset links mailed to the old address", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await db.accountToken.create({
      data: { id: "f".repeat(64), userId: user.id, purpose: "PASSWORD_RESET", expiresAt: new Date(Date.now() + TTL_MS) },
    });
    await requestEmailChange(user, "ada@new.example.test", device);
    await confirmEmailChange(await confirmationLinkFor("ada@new.example.test"), device);
    expect(await db.accountToken.count()).toBe(0);
  });

  it("does not change a disabled account", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "ada@new.example.test", device);
    const token = await confirmationLinkFor("ada@new.example.test");
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await clearOutbox();
    expect(await confirmEmailChange(token, device)).toEqual({ ok: false, reason: "invalid-link" });
    expect(await emailOf(user.id)).toBe("ada@example.test");
    expect(await allMail()).toEqual([]);
  });

  it.each([
    ["unknown", "A".repeat(43)],
    ["malformed", "../../etc/passwd"],
    ["not a string", 7],
    ["missing", undefined],
  ])("refuses a token that is %s", async (_name, token) => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "ada@new.example.test", device);
    expect(await confirmEmailChange(token, device)).toEqual({ ok: false, reason: "invalid-link" });
    expect(await pendingEmailChange(token)).toBeNull();
    expect(await emailOf(user.id)).toBe("ada@example.test");
  });

  it("refuses a password reset link", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestPasswordReset("ada@example.test", device);
    const reset = tokenIn(await latestMailTo("ada@example.test"), "/reset-password");
    expect(await pendingEmailChange(reset)).toBeNull();
    expect(await confirmEmailChange(reset, device)).toEqual({ ok: false, reason: "invalid-link" });
    expect(await emailOf(user.id)).toBe("ada@example.test");
  });

  it("passes other database failures on instead of calling them a taken address", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "ada@new.example.test", device);
    const token = await confirmationLinkFor("ada@new.example.test");
    await withTrigger({ table: "User", before: "UPDATE", effect: { fail: "disk full" } }, async () => {
      await expect(confirmEmailChange(token, device)).rejects.toThrow(/Invalid `tx.user.update\(\)` invocation/);
    });
    expect(await emailOf(user.id)).toBe("ada@example.test");
  });
});
