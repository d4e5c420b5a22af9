import "server-only";
import type { Device } from "@/lib/http/device";
import { signInSubject, type SignInSubject } from "@/lib/security/throttle";
import { readDeviceCookie } from "./device-cookie";

/**
 * The throttle counters a credential check from this request counts on: the account's,
 * the client address's, and this browser's when it holds a device cookie this server
 * signed (lib/security/throttle.ts). Sign-in, step-up and the current password on the
 * change form all use it, so a guess costs the same wherever it is made.
 */
export async function currentSignInSubject(email: string, device: Device): Promise<SignInSubject> {
  return signInSubject(email, device.ipAddress, (await readDeviceCookie())?.hash ?? null);
}
