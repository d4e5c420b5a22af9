import "server-only";
import { db, type Transaction } from "@/lib/db";
import type { Device } from "@/lib/http/device";
import { recordSecurityEvent } from "./events";

// Which browsers have completed a sign-in to which account, by the keyed hash of their
// device cookie's id (lib/security/device-cookie.ts). One browser may be known to several
// accounts; one account to many browsers.

/** Whether the account that uses `email` has completed a sign-in from this device. */
export async function isKnownDeviceForEmail(email: string, deviceHash: string): Promise<boolean> {
  return (await db.knownDevice.count({ where: { deviceHash, user: { email } } })) > 0;
}

/**
 * Notes a completed sign-in from a device, in the caller's transaction. The first time the
 * account sees the device it records NEW_DEVICE and returns true, so the caller can tell
 * the user, except for the account's very first sign-in (registration), whose browser is
 * simply the one it was made on.
 */
export async function rememberDevice(
  tx: Transaction,
  sighting: { userId: string; deviceHash: string; sessionId: string; device: Device; firstSignIn: boolean },
  now = new Date(),
): Promise<boolean> {
  const { userId, deviceHash } = sighting;
  // One statement, so two sign-ins racing from one new browser cannot both insert; the
  // row made by this call is the one whose createdAt is this call's `now`.
  const row = await tx.knownDevice.upsert({
    where: { userId_deviceHash: { userId, deviceHash } },
    create: { userId, deviceHash, createdAt: now, lastUsedAt: now },
    update: { lastUsedAt: now },
    select: { createdAt: true },
  });
  const isNew = row.createdAt.getTime() === now.getTime() && !sighting.firstSignIn;
  if (isNew) await recordSecurityEvent({ type: "NEW_DEVICE", userId, sessionId: sighting.sessionId, device: sighting.device, now }, tx);
  return isNew;
}
