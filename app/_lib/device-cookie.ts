import "server-only";
import { cookies, headers } from "next/headers";
import { isHttpsRequest } from "@/lib/http/https";
import { deviceCookie, parseDeviceCookie, type DeviceIdentity } from "@/lib/security/device-cookie";
import { readSessionCookie } from "@/lib/session/cookie";

// The request's side of the device cookie (lib/security/device-cookie.ts).

async function currentDeviceCookie() {
  return deviceCookie(isHttpsRequest(await headers()));
}

/**
 * This browser's device, when it sent exactly one cookie this server signed. Two values
 * for the name (one planted from elsewhere) make it a stranger, as they make a session
 * cookie name no session.
 */
export async function readDeviceCookie(): Promise<DeviceIdentity | null> {
  const sent = readSessionCookie((await headers()).get("cookie"), (await currentDeviceCookie()).name);
  return sent.ambiguous ? null : parseDeviceCookie(sent.token);
}

/** Sets (or renews for another year) the device cookie. Server actions only. */
export async function writeDeviceCookie(identity: DeviceIdentity): Promise<void> {
  const { name, options } = await currentDeviceCookie();
  (await cookies()).set(name, identity.value, options);
}
