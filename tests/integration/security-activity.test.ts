import { beforeEach, describe, expect, it, vi } from "vitest";
import { POST as signOut } from "@/app/sign-out/route";
import { changeUserRole, revokeSessionOfUser, setUserDisabled, signOutUserEverywhere } from "@/lib/admin/users";
import { confirmEmailChange, requestEmailChange } from "@/lib/auth/email-change";
import { changePassword, requestPasswordReset, resetPassword } from "@/lib/auth/password-changes";
import { reauthenticate } from "@/lib/auth/step-up";
import { db } from "@/lib/db";
import { sessionReference } from "@/lib/security/events";
import {
  createSession,
  revokeAllUserSessions,
  revokeOtherUserSessions,
  revokeUserSession,
  rotateSession,
  sessionLimits,
} from "@/lib/session/store";
import { createAdmin, signInOn } from "./helpers/admin";
import { createUser, resetDatabase } from "./helpers/db";
import { clearOutbox, latestMailTo, tokenIn } from "./helpers/outbox";
import { newRequest } from "./helpers/request";

// Every flow that signs a user out, rotates their session or changes their account leaves
// its event in the user's activity log, written in the transaction that makes the change:
// one event per ended session with the reason it ended, the request's device, and the
// session named by its keyed reference, never by its id. A change that is refused or
// rolled back leaves no event.

vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new passphrase 42";
const laptop = { ipAddress: "203.0.113.61", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const phone = { ipAddress: "198.51.100.62", userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Safari/604.1" };
const adminDesk = { ipAddress: "192.0.2.63", userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/156.0 Safari/537.36" };

beforeEach(async () => {
  await resetDatabase();
  await db.securityEvent.deleteMany();
  await clearOutbox();
});

/** The user's events in the order they happened. */
async function eventsOf(userId: string) {
  return db.securityEvent.findMany({
    where: { userId },
    orderBy: { id: "asc" },
    select: { type: true, reason: true, sessionRef: true, ipAddress: true, userAgent: true },
  });
}

const revoked = (sessionId: string, reason: string, device = laptop) => ({
  type: "SESSION_REVOKED",
  reason,
  sessionRef: sessionReference(sessionId),
  ...device,
});

describe("signing out", () => {
  it("logs one SIGN_OUT per signed-in session ended, with the request's device, and none for a guest", async () => {
    const user = await createUser();
    const real = await createSession({ userId: user.id, device: laptop });
    const planted = await createSession({ userId: null, device: phone });
    const headers = { host: "shop.example", cookie: `shop_session=${planted.token}; shop_session=${real.token}`, "user-agent": phone.userAgent, "x-forwarded-for": phone.ipAddress };
    newRequest(headers);
    await signOut(new Request("http://shop.example/sign-out", { method: "POST", headers }));

    expect(await eventsOf(user.id)).toEqual([{ type: "SIGN_OUT", reason: null, sessionRef: sessionReference(real.session.id), ...phone }]);
    expect(await db.securityEvent.count()).toBe(1);
  });

  it("logs nothing when the cookie names no session", async () => {
    const headers = { host: "shop.example", cookie: "shop_session=garbage" };
    newRequest(headers);
    await signOut(new Request("http://shop.example/sign-out", { method: "POST", headers }));
    expect(await db.securityEvent.count()).toBe(0);
  });
});

describe("revoking sessions", () => {
  it("logs the one session the user revoked, by the user, and nothing for someone else's session", async () => {
    const [alice, mallory] = [await createUser(), await createUser()];
    const [current, other] = await signInOn(alice.id, 2);
    expect(await revokeUserSession(mallory.id, other!.session.id, { reason: "user", device: laptop })).toBe(false);
    expect(await db.securityEvent.count()).toBe(0);

    expect(await revokeUserSession(alice.id, other!.session.id, { reason: "user", device: laptop })).toBe(true);
    expect(await eventsOf(alice.id)).toEqual([revoked(other!.session.id, "user")]);
    expect(JSON.stringify(await db.securityEvent.findMany())).not.toContain(other!.session.id);
    expect(current).toBeDefined();
  });

  it("logs each of the other sessions the user signed out, and not the one kept", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const [kept, ...others] = await signInOn(alice.id, 3);
    await signInOn(bob.id, 1);
    expect(await revokeOtherUserSessions(alice.id, kept!.session.id, { reason: "user", device: phone })).toBe(2);
    const events = await eventsOf(alice.id);
    expect(events).toHaveLength(2);
    expect(events).toEqual(expect.arrayContaining(others.map((session) => revoked(session.session.id, "user", phone))));
    expect(await eventsOf(bob.id)).toEqual([]);
  });

  it("logs each session a limit ended when a new one starts", async () => {
    const user = await createUser();
    const sessions = await signInOn(user.id, sessionLimits.perUser);
    await db.session.update({ where: { id: sessions[0]!.session.id }, data: { lastSeenAt: new Date(0) } });
    await createSession({ userId: user.id, device: phone });
    expect(await eventsOf(user.id)).toEqual([revoked(sessions[0]!.session.id, "session_limit", phone)]);
  });

  it("inside a transaction that fails, leaves both the sessions and their events", async () => {
    const user = await createUser();
    await signInOn(user.id, 2);
    const failing = db.$transaction(async (tx) => {
      expect(await revokeAllUserSessions(user.id, { reason: "admin", device: adminDesk }, tx)).toBe(2);
      throw new Error("the change failed");
    });
    await expect(failing).rejects.toThrow("the change failed");
    expect(await db.session.count({ where: { userId: user.id } })).toBe(2);
    expect(await db.securityEvent.count()).toBe(0);
  });
});

describe("rotation", () => {
  it("re-authentication logs SESSION_ROTATED for the new session; a wrong password logs nothing", async () => {
    const user = await createUser();
    const { token } = await createSession({ userId: user.id, device: laptop });
    expect(await reauthenticate(user, "wrong password", { previousToken: token, device: laptop })).toBeNull();
    expect(await db.securityEvent.count()).toBe(0);

    const next = await reauthenticate(user, PASSWORD, { previousToken: token, device: laptop });
    expect(await eventsOf(user.id)).toEqual([
      { type: "SESSION_ROTATED", reason: "reauthentication", sessionRef: sessionReference(next!.session.id), ...laptop },
    ]);
  });

  it("a rotation without a reason (a sign-in, logged by its caller) logs nothing itself", async () => {
    const user = await createUser();
    await rotateSession({ previousToken: undefined, userId: user.id, device: laptop });
    expect(await db.securityEvent.count()).toBe(0);
  });

  it("a rotation whose change fails logs nothing", async () => {
    const user = await createUser();
    await signInOn(user.id, 2);
    const failing = rotateSession({
      previousToken: undefined,
      userId: user.id,
      device: laptop,
      reason: "password_change",
      endOtherSessions: true,
      change: async () => {
        throw new Error("the change failed");
      },
    });
    await expect(failing).rejects.toThrow("the change failed");
    expect(await db.securityEvent.count()).toBe(0);
  });
});

describe("a new password", () => {
  it("a change logs PASSWORD_CHANGED, the rotation and each other session it ended", async () => {
    const user = await createUser();
    const [current, laptopTwo] = await signInOn(user.id, 2);
    const result = await changePassword(user, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { previousToken: current!.token, device: phone });
    expect(result.ok).toBe(true);
    const next = result.ok && result.session ? result.session.session.id : "";
    expect(await eventsOf(user.id)).toEqual([
      { type: "PASSWORD_CHANGED", reason: null, sessionRef: null, ...phone },
      { type: "SESSION_ROTATED", reason: "password_change", sessionRef: sessionReference(next), ...phone },
      revoked(laptopTwo!.session.id, "password_change", phone),
    ]);
  });

  it("a change refused for a wrong current password logs nothing", async () => {
    const user = await createUser();
    const [current] = await signInOn(user.id, 1);
    const result = await changePassword(user, { currentPassword: "not it at all", newPassword: NEW_PASSWORD }, { previousToken: current!.token, device: laptop });
    expect(result.ok).toBe(false);
    expect(await db.securityEvent.count()).toBe(0);
  });

  it("a reset logs the request, then PASSWORD_RESET, the rotation and every session it ended", async () => {
    const user = await createUser({ email: "ada@example.test" });
    const [stolen] = await signInOn(user.id, 1);
    await requestPasswordReset("ada@example.test", phone);
    const link = tokenIn(await latestMailTo("ada@example.test"), "/reset-password");
    const result = await resetPassword(link, NEW_PASSWORD, { previousToken: undefined, device: laptop });
    expect(result.ok).toBe(true);
    const next = result.ok && result.session ? result.session.session.id : "";
    expect(await eventsOf(user.id)).toEqual([
      { type: "PASSWORD_RESET_REQUESTED", reason: null, sessionRef: null, ...phone },
      { type: "PASSWORD_RESET", reason: null, sessionRef: null, ...laptop },
      { type: "SESSION_ROTATED", reason: "password_reset", sessionRef: sessionReference(next), ...laptop },
      revoked(stolen!.session.id, "password_reset"),
    ]);
  });

  it("a reset with a used link logs nothing more", async () => {
    await createUser({ email: "ada@example.test" });
    await requestPasswordReset("ada@example.test", phone);
    const link = tokenIn(await latestMailTo("ada@example.test"), "/reset-password");
    await resetPassword(link, NEW_PASSWORD, { previousToken: undefined, device: laptop });
    const count = await db.securityEvent.count();
    expect(await resetPassword(link, "yet another passphrase 9", { previousToken: undefined, device: laptop })).toEqual({ ok: false });
    expect(await db.securityEvent.count()).toBe(count);
  });

  it("a reset request for an unknown or disabled account logs nothing", async () => {
    const user = await createUser({ email: "off@example.test" });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    await requestPasswordReset("off@example.test", phone);
    await requestPasswordReset("nobody@example.test", phone);
    expect(await db.securityEvent.count()).toBe(0);
  });
});

describe("a new email address", () => {
  it("logs the request, then the change made from the link", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "ada@new.example.test", laptop);
    const link = tokenIn(await latestMailTo("ada@new.example.test"), "/confirm-email");
    expect((await confirmEmailChange(link, phone)).ok).toBe(true);
    expect(await eventsOf(user.id)).toEqual([
      { type: "EMAIL_CHANGE_REQUESTED", reason: null, sessionRef: null, ...laptop },
      { type: "EMAIL_CHANGED", reason: null, sessionRef: null, ...phone },
    ]);
  });

  it("logs no change when the address was taken meanwhile", async () => {
    const user = await createUser({ email: "ada@example.test" });
    await requestEmailChange(user, "wanted@example.test", laptop);
    await createUser({ email: "wanted@example.test" });
    const link = tokenIn(await latestMailTo("wanted@example.test"), "/confirm-email");
    expect(await confirmEmailChange(link, phone)).toEqual({ ok: false, reason: "email-taken" });
    expect((await eventsOf(user.id)).map((event) => event.type)).toEqual(["EMAIL_CHANGE_REQUESTED"]);
  });
});

describe("an admin's changes", () => {
  it("a new role logs ROLE_CHANGED by an admin and each session it ended", async () => {
    const admin = await createAdmin();
    const user = await createUser();
    const sessions = await signInOn(user.id, 2);
    expect((await changeUserRole(admin.id, { userId: user.id, role: "ADMIN" }, adminDesk)).ok).toBe(true);
    const events = await eventsOf(user.id);
    expect(events[0]).toEqual({ type: "ROLE_CHANGED", reason: "admin", sessionRef: null, ...adminDesk });
    expect(events.slice(1)).toEqual(expect.arrayContaining(sessions.map(({ session }) => revoked(session.id, "role_change", adminDesk))));
    expect(events).toHaveLength(3);
    expect(await eventsOf(admin.id)).toEqual([]);
  });

  it("a refused change (the last admin) logs nothing", async () => {
    const admin = await createAdmin();
    await signInOn(admin.id, 1);
    expect((await changeUserRole(admin.id, { userId: admin.id, role: "CUSTOMER" }, adminDesk)).ok).toBe(false);
    expect((await setUserDisabled(admin.id, { userId: admin.id, disabled: true }, adminDesk)).ok).toBe(false);
    expect(await db.securityEvent.count()).toBe(0);
  });

  it("disabling logs ACCOUNT_DISABLED and each session it ended; enabling logs ACCOUNT_ENABLED", async () => {
    const admin = await createAdmin();
    const user = await createUser();
    const [session] = await signInOn(user.id, 1);
    await setUserDisabled(admin.id, { userId: user.id, disabled: true }, adminDesk);
    await setUserDisabled(admin.id, { userId: user.id, disabled: false }, adminDesk);
    expect(await eventsOf(user.id)).toEqual([
      { type: "ACCOUNT_DISABLED", reason: "admin", sessionRef: null, ...adminDesk },
      revoked(session!.session.id, "account_disabled_by_admin", adminDesk),
      { type: "ACCOUNT_ENABLED", reason: "admin", sessionRef: null, ...adminDesk },
    ]);
  });

  it("signing a user out everywhere logs each session, by an admin", async () => {
    const admin = await createAdmin();
    const user = await createUser();
    const sessions = await signInOn(user.id, 2);
    await signOutUserEverywhere(admin.id, { userId: user.id }, adminDesk);
    const events = await eventsOf(user.id);
    expect(events).toHaveLength(2);
    expect(events).toEqual(expect.arrayContaining(sessions.map(({ session }) => revoked(session.id, "admin", adminDesk))));
  });

  it("revoking one session logs that session, by an admin; an ended one logs nothing", async () => {
    const admin = await createAdmin();
    const user = await createUser();
    const [, phoneSession] = await signInOn(user.id, 2);
    await revokeSessionOfUser(admin.id, { userId: user.id, sessionId: phoneSession!.session.id }, adminDesk);
    expect((await revokeSessionOfUser(admin.id, { userId: user.id, sessionId: phoneSession!.session.id }, adminDesk)).ok).toBe(false);
    expect(await eventsOf(user.id)).toEqual([revoked(phoneSession!.session.id, "admin", adminDesk)]);
  });
});
