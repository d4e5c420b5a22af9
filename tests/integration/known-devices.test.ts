import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { issueDeviceCookie } from "@/lib/security/device-cookie";
import { sessionReference } from "@/lib/security/events";
import { isKnownDeviceForEmail, rememberDevice } from "@/lib/security/known-devices";
import { createUser, resetDatabase } from "./helpers/db";

// Which browsers an account has signed in from: the first sign-in from a browser is a
// "New device" (except the one that registered the account), later ones are not.

const laptop = { ipAddress: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
const SESSION_ID = "b".repeat(64);
const T0 = new Date("2026-11-22T12:00:00Z");
const later = new Date(T0.getTime() + 60_000);

beforeEach(resetDatabase);

function remember(userId: string, deviceHash: string, { firstSignIn = false, now = T0 } = {}) {
  return db.$transaction((tx) => rememberDevice(tx, { userId, deviceHash, sessionId: SESSION_ID, device: laptop, firstSignIn }, now));
}

describe("remembering the browser of a sign-in", () => {
  it("reports a browser new to the account once, with a NEW_DEVICE event naming the session by its keyed hash", async () => {
    const ada = await createUser({ email: "ada@example.test" });
    const browser = issueDeviceCookie();
    expect(await remember(ada.id, browser.hash)).toBe(true);
    expect(await remember(ada.id, browser.hash, { now: later })).toBe(false);

    const events = await db.securityEvent.findMany({ select: { type: true, userId: true, sessionRef: true, ipAddress: true, userAgent: true, createdAt: true } });
    expect(events).toEqual([{ type: "NEW_DEVICE", userId: ada.id, sessionRef: sessionReference(SESSION_ID), ...laptop, createdAt: T0 }]);
    expect(await db.knownDevice.findMany()).toEqual([{ userId: ada.id, deviceHash: browser.hash, createdAt: T0, lastUsedAt: later }]);
  });

  it("makes the registering browser known without calling it new", async () => {
    const ada = await createUser({ email: "ada@example.test" });
    const browser = issueDeviceCookie();
    expect(await remember(ada.id, browser.hash, { firstSignIn: true })).toBe(false);
    expect(await db.securityEvent.count()).toBe(0);
    expect(await isKnownDeviceForEmail("ada@example.test", browser.hash)).toBe(true);
    expect(await remember(ada.id, browser.hash, { now: later })).toBe(false);
  });

  it("knows one browser separately for each account that signed in from it", async () => {
    const [ada, bob] = [await createUser({ email: "ada@example.test" }), await createUser({ email: "bob@example.test" })];
    const shared = issueDeviceCookie();
    expect(await remember(ada.id, shared.hash)).toBe(true);
    expect(await isKnownDeviceForEmail("ada@example.test", shared.hash)).toBe(true);
    expect(await isKnownDeviceForEmail("bob@example.test", shared.hash)).toBe(false);
    expect(await isKnownDeviceForEmail("nobody@example.test", shared.hash)).toBe(false);
    expect(await isKnownDeviceForEmail("ada@example.test", issueDeviceCookie().hash)).toBe(false);
    expect(await remember(bob.id, shared.hash)).toBe(true);
  });
});
