import type { Metadata } from "next";
import { isLivePasswordResetToken } from "@/lib/auth/password-changes";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/validation";
import { env } from "@/lib/env";
import { ResetPasswordPanel } from "./reset-password-panel";

// The token is in this page's address. "no-referrer" keeps it out of the Referer header
// of every request the page makes, even to this site (the site-wide policy,
// strict-origin-when-cross-origin, would still send the full address to same-origin
// requests: the page's own links and assets).
export const metadata: Metadata = { title: "Set a new password", referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ResetPasswordPage({ searchParams }: Props) {
  const { token } = await searchParams;
  // Anything but one string (no token, ?token=a&token=b) is simply a link that does not work.
  const candidate = typeof token === "string" ? token : "";
  // Only a look: the link is used up when the form is sent, in the transaction that sets
  // the password (lib/auth/password-changes.ts). Used, expired, replaced, unknown and
  // malformed links all get the same page.
  const live = await isLivePasswordResetToken(candidate);
  return (
    <ResetPasswordPanel
      token={live ? candidate : ""}
      live={live}
      passwordMinLength={PASSWORD_MIN_LENGTH}
      linkMinutes={Math.round(env.PASSWORD_RESET_TTL_SECONDS / 60)}
    />
  );
}
