import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/app/_components/auth-card";
import { link } from "@/app/_components/styles";
import { returnPathFrom } from "@/app/_lib/return-path";
import { sudoWindowInWords } from "@/app/_lib/sudo-window";
import { confirmPath } from "@/lib/auth/return-path";
import { hasTwoFactor } from "@/lib/auth/second-factor";
import { requireUser } from "@/lib/session/current";
import { ConfirmForm } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm it's you" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Step-up re-authentication ("sudo mode"). Pages and actions that change something
// sensitive call requireRecentAuthentication() (lib/auth/step-up.ts), which sends a user
// whose last proof of identity is older than SUDO_WINDOW_SECONDS here, with `next` set to
// where they were. A stolen session cookie alone therefore cannot revoke the owner's other
// sessions or change the account: it also needs the password.
export default async function ConfirmPage({ searchParams }: Props) {
  // `next` comes from a link anyone can write: only a path on this site survives, and
  // anything else becomes "/" (the action checks it again before redirecting).
  const next = await returnPathFrom(searchParams);
  // Only a signed-in user has an identity to confirm; anyone else signs in first and comes
  // back here. Proxy redirects a GET already; this check holds without it.
  const { user } = await requireUser(confirmPath(next));
  const askForCode = await hasTwoFactor(user.id);

  return (
    <AuthCard
      title="Confirm it's you"
      intro={`You are about to do something sensitive. Enter your password${askForCode ? " and a code from your authenticator app" : ""} to continue; you will not be asked again for ${sudoWindowInWords()}.`}
      footer={
        // Back to the home page rather than to `next`: `next` may be a page that itself
        // needs a confirmation (the admin area), which would only send the user back here.
        <Link href="/" className={link}>
          Cancel
        </Link>
      }
    >
      <p className="mb-5 text-sm text-stone-600">
        Signed in as <span className="font-medium text-stone-900">{user.email}</span>
      </p>
      <ConfirmForm next={next} email={user.email} askForCode={askForCode} />
    </AuthCard>
  );
}
