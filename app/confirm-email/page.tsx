import type { Metadata } from "next";
import { EMAIL_CHANGE_TTL_SECONDS, pendingEmailChange } from "@/lib/auth/email-change";
import { ConfirmEmailPanel } from "./confirm-email-panel";

// The token is in this page's address: no Referer header carries it anywhere, not even to
// this site (see app/reset-password/page.tsx).
export const metadata: Metadata = { title: "Confirm your new email address", referrer: "no-referrer" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Opening the link changes nothing: mail scanners and link previews open links on their
// own, and a GET must be safe to repeat. The change is the button's POST. Whoever holds
// the link may press it, signed in or not (often it is opened on a phone): the link,
// mailed to the new address, is the proof, and the request itself needed the password.
export default async function ConfirmEmailPage({ searchParams }: Props) {
  const { token } = await searchParams;
  const candidate = typeof token === "string" ? token : "";
  const newEmail = await pendingEmailChange(candidate);
  return (
    <ConfirmEmailPanel
      token={newEmail === null ? "" : candidate}
      newEmail={newEmail}
      linkMinutes={Math.round(EMAIL_CHANGE_TTL_SECONDS / 60)}
    />
  );
}
