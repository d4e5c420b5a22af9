import { Secret, TOTP } from "otpauth";
import { beginTwoFactorSetup, enableTwoFactor, twoFactorStatus } from "@/lib/auth/two-factor";
import type { Device } from "@/lib/http/device";
import type { SessionUser } from "@/lib/session/store";

// Two-factor the way a user turns it on: set up, read the secret the page would show,
// compute the code as an authenticator app does (otpauth directly, not the shop's
// wrapper), turn on. Times are explicit, so a test can stand in any 30-second step.

export const TOTP_STEP_MS = 30_000;

/** 10 seconds into a step, so one step either side is a clean 30 s away. */
export const T0 = new Date("2026-03-11T12:00:10.000Z");

export function stepsAfter(time: Date, steps: number): Date {
  return new Date(time.getTime() + steps * TOTP_STEP_MS);
}

/** The code an authenticator app shows for `secret` at `time`. */
export function codeAt(secret: string, time: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: time.getTime() });
}

export async function turnOnTwoFactor(
  user: SessionUser,
  { device, previousToken, now = T0 }: { device: Device; previousToken?: string; now?: Date },
) {
  await beginTwoFactorSetup(user);
  const status = await twoFactorStatus(user);
  if (status.enabled || !status.setup) throw new Error("no setup to turn on");
  const { secret } = status.setup;
  const result = await enableTwoFactor(user, codeAt(secret, now), { previousToken, device, now });
  if (!result.ok) throw new Error(`turning two-factor on failed: ${result.reason}`);
  return { secret, recoveryCodes: result.recoveryCodes, session: result.session };
}
