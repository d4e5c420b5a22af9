import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { authenticate } from "@/lib/auth/accounts";
import { changeUserRole, revokeSessionOfUser, setUserDisabled, signOutUserEverywhere } from "@/lib/admin/users";
import { issueAccountToken } from "@/lib/auth/account-tokens";
import { confirmEmailChange } from "@/lib/auth/email-change";
import { isLivePasswordResetToken } from "@/lib/auth/password-changes";
import { sessionReference } from "@/lib/security/events";
import { createSession, validateSessionToken } from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";
import { createAdmin, device, sessionIdsOf, signInOn, userRow } from "./helpers/admin";

// What an admin can do to an account, against a real database: each change that alters
// what a user may do ends all of that user's sessions in the same transaction, touches no
// one else's, and can never leave the shop without an enabled admin.

const PASSWORD = "correct horse battery";

beforeEach(resetDatabase);
afterEach(() => vi.restoreAllMocks());

/** Every admin change that went through is one JSON log line naming who did what. */
function watchLog() {
  return vi.spyOn(log, "info");
}

describe("changing a role", () => {
  it("promotion makes a customer an admin and revokes every one of their sessions, and no one else's", async () => {
    const admin = await createAdmin();
    const [adminDevice] = await signInOn(admin.id, 1);
    const alice = await createUser({ name: "Alice" });
    const aliceDevices = await signInOn(alice.id, 2);
    const bystander = await createUser();
    const bystanderSessions = await signInOn(bystander.id, 1);
    const logged = watchLog();

    const result = await changeUserRole(admin.id, { userId: alice.id, role: "ADMIN" }, device);

    expect(result).toEqual({ ok: true, message: "Alice is now an admin. Their 2 sessions were signed out." });
    expect((await userRow(alice.id)).role).toBe("ADMIN");
    for (const session of aliceDevices) expect(await validateSessionToken(session.token)).toEqual({ session: null, user: null });
    expect(await sessionIdsOf(bystander.id)).toEqual(bystanderSessions.map((s) => s.session.id));
    expect((await validateSessionToken(adminDevice!.token)).user?.id).toBe(admin.id);
    expect(logged).toHaveBeenCalledWith(
      { event: "admin_change", action: "role_changed", adminId: admin.id, userId: alice.id, role: "ADMIN", sessionsRevoked: 2 },
      "admin change",
    );
  });

  it("demotion makes an admin a customer and revokes every one of their sessions", async () => {
    const admin = await createAdmin();
    const bob = await createAdmin({ name: "Bob" });
    const [bobLaptop] = await signInOn(bob.id, 1);

    const result = await changeUserRole(admin.id, { userId: bob.id, role: "CUSTOMER" }, device);

    expect(result).toEqual({ ok: true, message: "Bob is now a customer. Their 1 session was signed out." });
    expect((await userRow(bob.id)).role).toBe("CUSTOMER");
    expect(await validateSessionToken(bobLaptop!.token)).toEqual({ session: null, user: null });
  });

  it("says so when there was no session to end", async () => {
    const admin = await createAdmin();
    const carol = await createUser({ name: "Carol" });
    expect(await changeUserRole(admin.id, { userId: carol.id, role: "ADMIN" }, device)).toEqual({
      ok: true,
      message: "Carol is now an admin. They had no session to sign out.",
    });
  });

  it("refuses a role the user already has, and signs no one out", async () => {
    const admin = await createAdmin();
    const dave = await createUser({ name: "Dave" });
    const eve = await createAdmin({ name: "Eve" });
    const sessions = [...(await signInOn(dave.id, 1)), ...(await signInOn(eve.id, 1))];
    const logged = watchLog();

    expect(await changeUserRole(admin.id, { userId: dave.id, role: "CUSTOMER" }, device)).toEqual({ ok: false, message: "Dave is already a customer." });
    expect(await changeUserRole(admin.id, { userId: eve.id, role: "ADMIN" }, device)).toEqual({ ok: false, message: "Eve is already an admin." });
    for (const session of sessions) expect((await validateSessionToken(session.token)).session?.id).toBe(session.session.id);
    expect(logged).not.toHaveBeenCalled();
  });

  it("refuses an unknown user", async () => {
    const admin = await createAdmin();
    expect(await changeUserRole(admin.id, { userId: "c0000000000000000000000000", role: "ADMIN" }, device)).toEqual({
      ok: false,
      message: "That user could not be found.",
    });
  });
});

describe("the last enabled admin", () => {
  it("cannot demote themselves: the role and their sessions stay", async () => {
    const admin = await createAdmin({ name: "Root" });
    const [adminDevice] = await signInOn(admin.id, 1);

    expect(await changeUserRole(admin.id, { userId: admin.id, role: "CUSTOMER" }, device)).toEqual({
      ok: false,
      message: "Root is the only active admin. Make another account an admin first, so the shop always has one.",
    });
    expect((await userRow(admin.id)).role).toBe("ADMIN");
    expect((await validateSessionToken(adminDevice!.token)).user?.role).toBe("ADMIN");
  });

  it("cannot disable themselves: the account and their sessions stay", async () => {
    const admin = await createAdmin({ name: "Root" });
    const [adminDevice] = await signInOn(admin.id, 1);

    expect(await setUserDisabled(admin.id, { userId: admin.id, disabled: true }, device)).toEqual({
      ok: false,
      message: "Root is the only active admin. Make another account an admin first, so the shop always has one.",
    });
    expect((await userRow(admin.id)).disabledAt).toBeNull();
    expect((await validateSessionToken(adminDevice!.token)).user?.id).toBe(admin.id);
  });

  it("a disabled admin does not count as one that remains", async () => {
    const admin = await createAdmin({ name: "Root" });
    const other = await createAdmin();
    await db.user.update({ where: { id: other.id }, data: { disabledAt: new Date() } });

    expect((await changeUserRole(admin.id, { userId: admin.id, role: "CUSTOMER" }, device)).ok).toBe(false);
    expect((await setUserDisabled(admin.id, { userId: admin.id, disabled: true }, device)).ok).toBe(false);
  });

  it("with a second admin, an admin may demote themselves, and is signed out", async () => {
    const admin = await createAdmin({ name: "Root" });
    await createAdmin();
    const [adminDevice] = await signInOn(admin.id, 1);

    expect(await changeUserRole(admin.id, { userId: admin.id, role: "CUSTOMER" }, device)).toEqual({
      ok: true,
      message: "Root is now a customer. Their 1 session was signed out.",
    });
    expect(await validateSessionToken(adminDevice!.token)).toEqual({ session: null, user: null });
  });

  it("with a second admin, an admin may disable themselves, and is signed out", async () => {
    const admin = await createAdmin({ name: "Root" });
    await createAdmin();
    await signInOn(admin.id, 2);

    expect(await setUserDisabled(admin.id, { userId: admin.id, disabled: true }, device)).toEqual({
      ok: true,
      message: "Root's account is disabled. Their 2 sessions were signed out.",
    });
    expect(await sessionIdsOf(admin.id)).toEqual([]);
  });
});

describe("who may act", () => {
  it("a customer, a demoted admin, a disabled admin or an unknown id changes nothing", async () => {
    const target = await createUser({ name: "Target" });
    const [targetDevice] = await signInOn(target.id, 2);
    const customer = await createUser();
    const disabledAdmin = await createAdmin();
    await db.user.update({ where: { id: disabledAdmin.id }, data: { disabledAt: new Date() } });
    await createAdmin(); // a real admin exists, so no refusal comes from the last-admin rule
    const logged = watchLog();

    for (const actorId of [customer.id, disabledAdmin.id, "nobody"]) {
      const refused = { ok: false, message: "Only an admin can do that." };
      expect(await changeUserRole(actorId, { userId: target.id, role: "ADMIN" }, device)).toEqual(refused);
      expect(await setUserDisabled(actorId, { userId: target.id, disabled: true }, device)).toEqual(refused);
      expect(await signOutUserEverywhere(actorId, { userId: target.id }, device)).toEqual(refused);
      expect(await revokeSessionOfUser(actorId, { userId: target.id, sessionId: targetDevice!.session.id }, device)).toEqual(refused);
    }
    expect(await userRow(target.id)).toEqual({ role: "CUSTOMER", disabledAt: null });
    expect(await sessionIdsOf(target.id)).toHaveLength(2);
    expect(logged).not.toHaveBeenCalled();
  });
});

describe("a bug is not a refusal", () => {
  it("an unexpected error rolls the change back and propagates instead of becoming a message", async () => {
    const admin = await createAdmin();
    const target = await createUser();
    await signInOn(target.id, 1);
    // A role the database does not have: Prisma refuses it, which is a bug, not a refusal.
    await expect(changeUserRole(admin.id, { userId: target.id, role: "OWNER" as "ADMIN" }, device)).rejects.toThrow();
    expect(await userRow(target.id)).toEqual({ role: "CUSTOMER", disabledAt: null });
    expect(await sessionIdsOf(target.id)).toHaveLength(1);
  });
});

describe("disabling and enabling an account", () => {
  it("disabling revokes every session, blocks sign-in with the generic answer, and kills a racing session", async () => {
    const admin = await createAdmin();
    const erin = await createUser({ name: "Erin", email: "erin@example.test", password: PASSWORD });
    const devices = await signInOn(erin.id, 3);
    const bystander = await createUser();
    const [bystanderDevice] = await signInOn(bystander.id, 1);
    const pendingLinks = await issueLinks(erin.id);
    const logged = watchLog();

    const before = Date.now();
    const result = await setUserDisabled(admin.id, { userId: erin.id, disabled: true }, device);

    expect(result).toEqual({ ok: true, message: "Erin's account is disabled. Their 3 sessions were signed out." });
    const { disabledAt } = await userRow(erin.id);
    expect(disabledAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(disabledAt?.getTime()).toBeLessThanOrEqual(Date.now());
    for (const session of devices) expect(await validateSessionToken(session.token)).toEqual({ session: null, user: null });
    expect((await validateSessionToken(bystanderDevice!.token)).user?.id).toBe(bystander.id);
    expect(await authenticate({ email: "erin@example.test", password: PASSWORD })).toEqual({ ok: false, reason: "account_disabled", userId: erin.id });
    // A session created by a sign-in that raced the disable dies at its first lookup.
    const racing = await createSession({ userId: erin.id, device });
    expect(await validateSessionToken(racing.token)).toEqual({ session: null, user: null });
    // Links asked for before the disable (by an intruder, say) stay dead once it is enabled.
    await setUserDisabled(admin.id, { userId: erin.id, disabled: false }, device);
    await expectLinksDead(pendingLinks);
    expect(logged).toHaveBeenCalledWith(
      { event: "admin_change", action: "account_disabled", adminId: admin.id, userId: erin.id, sessionsRevoked: 3 },
      "admin change",
    );
  });

  it("enabling lets the user sign in again", async () => {
    const admin = await createAdmin();
    const frank = await createUser({ name: "Frank", email: "frank@example.test", password: PASSWORD });
    await setUserDisabled(admin.id, { userId: frank.id, disabled: true }, device);
    const logged = watchLog();

    expect(await setUserDisabled(admin.id, { userId: frank.id, disabled: false }, device)).toEqual({
      ok: true,
      message: "Frank's account is enabled. They can sign in again.",
    });
    expect((await userRow(frank.id)).disabledAt).toBeNull();
    expect(await authenticate({ email: "frank@example.test", password: PASSWORD })).toMatchObject({ ok: true, user: { id: frank.id } });
    expect(logged).toHaveBeenCalledWith({ event: "admin_change", action: "account_enabled", adminId: admin.id, userId: frank.id }, "admin change");
  });

  it("refuses to disable a disabled account or enable an enabled one, changing nothing", async () => {
    const admin = await createAdmin();
    const gina = await createUser({ name: "Gina" });
    expect(await setUserDisabled(admin.id, { userId: gina.id, disabled: false }, device)).toEqual({ ok: false, message: "Gina's account is already enabled." });
    await setUserDisabled(admin.id, { userId: gina.id, disabled: true }, device);
    const { disabledAt } = await userRow(gina.id);
    expect(await setUserDisabled(admin.id, { userId: gina.id, disabled: true }, device)).toEqual({ ok: false, message: "Gina's account is already disabled." });
    expect((await userRow(gina.id)).disabledAt).toEqual(disabledAt);
  });

  it("refuses an unknown user", async () => {
    const admin = await createAdmin();
    expect(await setUserDisabled(admin.id, { userId: "unknown", disabled: true }, device)).toEqual({ ok: false, message: "That user could not be found." });
  });

  it("disabling an admin leaves the last-admin rule satisfied by the one acting", async () => {
    const admin = await createAdmin();
    const other = await createAdmin({ name: "Other" });
    expect((await setUserDisabled(admin.id, { userId: other.id, disabled: true }, device)).ok).toBe(true);
  });
});

describe("signing a user out", () => {
  it("sign out everywhere ends all of the user's sessions and keeps the account as it is", async () => {
    const admin = await createAdmin();
    const hal = await createUser({ name: "Hal" });
    await signInOn(hal.id, 2);
    const bystander = await createUser();
    const bystanderSessions = await signInOn(bystander.id, 1);
    const pendingLinks = await issueLinks(hal.id);
    const logged = watchLog();

    expect(await signOutUserEverywhere(admin.id, { userId: hal.id }, device)).toEqual({
      ok: true,
      message: "Hal was signed out everywhere. Their 2 sessions were signed out.",
    });
    expect(await sessionIdsOf(hal.id)).toEqual([]);
    await expectLinksDead(pendingLinks);
    expect(await userRow(hal.id)).toEqual({ role: "CUSTOMER", disabledAt: null });
    expect(await sessionIdsOf(bystander.id)).toEqual(bystanderSessions.map((s) => s.session.id));
    expect(logged).toHaveBeenCalledWith(
      { event: "admin_change", action: "signed_out_everywhere", adminId: admin.id, userId: hal.id, sessionsRevoked: 2 },
      "admin change",
    );
    expect(await signOutUserEverywhere(admin.id, { userId: "unknown" }, device)).toEqual({ ok: false, message: "That user could not be found." });
  });

  it("revoking one session ends that device only", async () => {
    const admin = await createAdmin();
    const ivy = await createUser({ name: "Ivy" });
    const [phone, laptop] = await signInOn(ivy.id, 2);
    const logged = watchLog();

    expect(await revokeSessionOfUser(admin.id, { userId: ivy.id, sessionId: phone!.session.id }, device)).toEqual({
      ok: true,
      message: "Session revoked. Ivy is signed out on that device.",
    });
    expect(await validateSessionToken(phone!.token)).toEqual({ session: null, user: null });
    expect((await validateSessionToken(laptop!.token)).user?.id).toBe(ivy.id);
    expect(logged).toHaveBeenCalledWith(
      // The keyed reference, never the id (the token's hash), which would find the live row.
      { event: "admin_change", action: "session_revoked", adminId: admin.id, userId: ivy.id, sessionRef: sessionReference(phone!.session.id) },
      "admin change",
    );
    expect(await revokeSessionOfUser(admin.id, { userId: ivy.id, sessionId: phone!.session.id }, device)).toEqual({
      ok: false,
      message: "That session has already ended.",
    });
  });

  it("a session id of another user, paired with this user, revokes nothing", async () => {
    const admin = await createAdmin();
    const jay = await createUser({ name: "Jay" });
    const kim = await createUser();
    const [kimDevice] = await signInOn(kim.id, 1);
    await signInOn(jay.id, 1);

    expect(await revokeSessionOfUser(admin.id, { userId: jay.id, sessionId: kimDevice!.session.id }, device)).toEqual({
      ok: false,
      message: "That session has already ended.",
    });
    expect((await validateSessionToken(kimDevice!.token)).user?.id).toBe(kim.id);
    expect(await sessionIdsOf(jay.id)).toHaveLength(1);
    expect(await revokeSessionOfUser(admin.id, { userId: "unknown", sessionId: kimDevice!.session.id }, device)).toEqual({
      ok: false,
      message: "That user could not be found.",
    });
  });
});

/** A live password-reset link and a live email-change link of the user. */
async function issueLinks(userId: string): Promise<{ reset: string; emailChange: string }> {
  const reset = await issueAccountToken({ userId, purpose: "PASSWORD_RESET", ttlMs: 60_000, device });
  const emailChange = await issueAccountToken({ userId, purpose: "EMAIL_CHANGE", email: `intruder-${userId}@example.test`, ttlMs: 60_000, device });
  expect(await isLivePasswordResetToken(reset)).toBe(true);
  return { reset, emailChange };
}

async function expectLinksDead(links: { reset: string; emailChange: string }): Promise<void> {
  expect(await isLivePasswordResetToken(links.reset)).toBe(false);
  expect(await confirmEmailChange(links.emailChange, device)).toEqual({ ok: false, reason: "invalid-link" });
}
