import type { SecurityEventReason, SecurityEventType } from "@/lib/security/events";

// The words of the security activity log (docs/account-security.md#security-activity).
// Every event type has its label, checked by the compiler: a type added to the schema
// does not build until it has words here. Reasons are stored as text, so a row may hold
// one this version does not know (written by a newer one); it is still shown, as words.

export const EVENT_LABELS = {
  SIGN_IN: "Signed in",
  SIGN_IN_FAILED: "Sign-in failed",
  SIGN_IN_THROTTLED: "Sign-in refused",
  NEW_DEVICE: "New device",
  TWO_FACTOR_VERIFIED: "Authentication code accepted",
  TWO_FACTOR_FAILED: "Authentication code refused",
  RECOVERY_CODE_USED: "Recovery code used",
  SIGN_OUT: "Signed out",
  SESSION_ROTATED: "Session renewed",
  SESSION_REVOKED: "Session revoked",
  SESSION_EXPIRED: "Session expired",
  SESSION_IP_CHANGED: "IP address changed",
  PASSWORD_CHANGED: "Password changed",
  PASSWORD_RESET_REQUESTED: "Password reset requested",
  PASSWORD_RESET: "Password reset",
  EMAIL_CHANGE_REQUESTED: "Email change requested",
  EMAIL_CHANGED: "Email changed",
  TWO_FACTOR_ENABLED: "Two-factor authentication turned on",
  TWO_FACTOR_DISABLED: "Two-factor authentication turned off",
  RECOVERY_CODES_REGENERATED: "New recovery codes",
  ROLE_CHANGED: "Role changed",
  ACCOUNT_DISABLED: "Account disabled",
  ACCOUNT_ENABLED: "Account enabled",
} as const satisfies Record<SecurityEventType, string>;

const REASON_LABELS = {
  wrong_password: "wrong password",
  unknown_account: "unknown account",
  account_disabled: "account disabled",
  wrong_code: "wrong code",
  wrong_password_or_code: "wrong password or code",
  too_many_attempts: "too many attempts",
  user: "by you",
  admin: "by an administrator",
  session_limit: "session limit reached",
  password_change: "after a password change",
  password_reset: "after a password reset",
  two_factor_enabled: "after two-factor authentication was turned on",
  role_change: "after a role change",
  account_disabled_by_admin: "account disabled by an administrator",
  browser_changed: "browser changed",
  idle_timeout: "inactive for too long",
  absolute_timeout: "maximum session length reached",
  reauthentication: "after a password confirmation",
  sign_in: "at sign-in",
} as const satisfies Record<SecurityEventReason, string>;

/** Who reads the log: the account's owner, or an administrator looking at it. */
export type Audience = "owner" | "admin";

// "By you" is the owner's word for their own action; an administrator reads the same row
// as something the user did.
const ADMIN_REASON_LABELS: Partial<Record<SecurityEventReason, string>> = { user: "by the user" };

export function eventLabel(type: SecurityEventType): string {
  return EVENT_LABELS[type];
}

export function reasonLabel(reason: string | null, audience: Audience): string | null {
  if (reason === null) return null;
  if (audience === "admin" && Object.hasOwn(ADMIN_REASON_LABELS, reason)) return ADMIN_REASON_LABELS[reason as SecurityEventReason]!;
  if (Object.hasOwn(REASON_LABELS, reason)) return REASON_LABELS[reason as SecurityEventReason];
  return reason.replaceAll("_", " ");
}
