import "server-only";
import { after } from "next/server";
import { describeUserAgent } from "@/app/_components/describe-device";
import { readDeviceCookie, writeDeviceCookie } from "@/app/_lib/device-cookie";
import { startUserSession } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { newDeviceMail } from "@/lib/mail/messages";
import { notify } from "@/lib/mail/send";
import { issueDeviceCookie } from "@/lib/security/device-cookie";
import { recordSecurityEvent } from "@/lib/security/events";
import { rememberDevice } from "@/lib/security/known-devices";
import { currentDevice, readSessionToken, setSessionCookie } from "@/lib/session/current";
import { clearSignedOutNotice } from "@/lib/session/signed-out-notice";
import type { SessionUser } from "@/lib/session/store";

// The request's side of the moment a user becomes signed in, for every way there is to
// get there (a password alone, a password and then a second factor, a new account):
// lib/auth/sign-in.ts rotates the session; this reads the browser's current token, writes
// the new one into the cookie and records the sign-in in the security activity log.
//
// It also renews the device cookie, keeping the browser's id when it has a valid one, and
// notes the device for the account: a browser the account has not used before is a "New
// device", and its owner is mailed about it, except on registration (`firstSignIn`).
export async function completeSignIn(user: SessionUser, { firstSignIn = false }: { firstSignIn?: boolean } = {}): Promise<void> {
  const device = await currentDevice();
  const next = await startUserSession(user, { previousToken: await readSessionToken(), device });
  const browser = (await readDeviceCookie()) ?? issueDeviceCookie();
  const isNewDevice = await db.$transaction(async (tx) => {
    await recordSecurityEvent({ type: "SIGN_IN", userId: user.id, sessionId: next.session.id, device }, tx);
    return rememberDevice(tx, { userId: user.id, deviceHash: browser.hash, sessionId: next.session.id, device, firstSignIn });
  });
  await setSessionCookie(next);
  await writeDeviceCookie(browser);
  // Signed in again: the "You were signed out" notice has done its job.
  await clearSignedOutNotice();
  if (isNewDevice) {
    const sighting = { at: new Date(), ipAddress: device.ipAddress, ...describeUserAgent(device.userAgent) };
    // After the response: the sign-in does not wait for the mail, and a failure is logged.
    after(() => notify(newDeviceMail(user, sighting)));
  }
}
