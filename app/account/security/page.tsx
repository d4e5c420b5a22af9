import type { Metadata } from "next";
import Link from "next/link";
import { card, link, pageTitle } from "@/app/_components/styles";
import { sudoWindowInWords } from "@/app/_lib/sudo-window";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/validation";
import { twoFactorStatus } from "@/lib/auth/two-factor";
import { requireUser } from "@/lib/session/current";
import { isSudo, type SessionUser } from "@/lib/session/store";
import { qrCodeDataUrl } from "./qr-code";
import { ChangeEmailForm, ChangePasswordForm } from "./security-forms";
import { TwoFactorPanel, type TwoFactorView } from "./two-factor-panel";

export const metadata: Metadata = { title: "Security" };

const section = `${card} p-5 sm:p-6`;
const sectionTitle = "text-lg font-semibold text-stone-900";

// A secret being set up is shown only inside the sudo window, like the actions that make
// and confirm it: a stolen session that is not in it cannot read the secret the owner is
// about to turn on. Outside the window the page offers the setup button again, which
// asks for the password first.
async function twoFactorView(user: SessionUser, sudo: boolean): Promise<TwoFactorView> {
  const status = await twoFactorStatus(user);
  if (status.enabled) return status;
  const setup = sudo ? status.setup : null;
  return { enabled: false, setup: setup && { ...setup, qrCode: await qrCodeDataUrl(setup.uri) } };
}

export default async function SecurityPage() {
  // proxy.ts already sent anonymous visitors to sign in; the page checks again itself.
  const { session, user } = await requireUser("/account/security");

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div>
        <h1 className={pageTitle}>Security</h1>
        <p className="mt-2 text-stone-600">
          Your password, your email address, two-factor authentication and the devices signed in to your account.
        </p>
      </div>

      <section aria-labelledby="password-heading" className={section}>
        <h2 id="password-heading" className={sectionTitle}>
          Change password
        </h2>
        <p className="mt-1 mb-5 text-sm text-stone-600">
          Every other device signed in to your account is signed out when the password changes. This one stays signed in.
        </p>
        <ChangePasswordForm passwordMinLength={PASSWORD_MIN_LENGTH} />
      </section>

      <section aria-labelledby="email-heading" className={section}>
        <h2 id="email-heading" className={sectionTitle}>
          Email address
        </h2>
        <p className="mt-1 text-sm text-stone-600">
          You sign in with <strong className="font-semibold text-stone-900">{user.email}</strong>, and password reset links go
          there.
        </p>
        {/* The action checks the sudo window itself; this only tells the user what to expect. */}
        <p className="mt-1 mb-5 text-sm text-stone-600">
          We will ask for your password first if you have not entered it in the last {sudoWindowInWords()}. The new address
          takes effect when you open the link we send to it; your current address is told about the change.
        </p>
        <ChangeEmailForm />
      </section>

      <section aria-labelledby="two-factor-heading" className={section}>
        <h2 id="two-factor-heading" className={sectionTitle}>
          Two-factor authentication
        </h2>
        <div className="mt-3">
          <TwoFactorPanel view={await twoFactorView(user, isSudo(session))} />
        </div>
      </section>

      <section aria-labelledby="devices-heading" className={section}>
        <h2 id="devices-heading" className={sectionTitle}>
          Devices
        </h2>
        <p className="mt-1 text-sm text-stone-600">
          See every browser and device where you are signed in, and sign out the ones you do not recognise:{" "}
          <Link href="/account/sessions" className={link}>
            Active sessions
          </Link>
        </p>
        <p className="mt-1 text-sm text-stone-600">
          See every sign-in, sign-out and change to your account:{" "}
          <Link href="/account/activity" className={link}>
            Security activity
          </Link>
        </p>
      </section>
    </div>
  );
}
