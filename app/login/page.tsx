import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/_components/auth-card";
import { returnPathFrom, withReturnPath } from "@/app/_lib/return-path";
import { link } from "@/app/_components/styles";
import { demoAccountsToShow, type DemoAccount } from "@/lib/demo-accounts";
import { env } from "@/lib/env";
import { getCurrentSession } from "@/lib/session/current";
import { hasSignedOutNotice } from "@/lib/session/signed-out-notice";
import { LoginForm } from "./login-form";
import { SignedOutNotice } from "./signed-out-notice";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const next = await returnPathFrom(searchParams);
  // Already signed in: go where the link was taking the user (the same checked path the
  // form would have used), not to the home page.
  const { user } = await getCurrentSession();
  if (user) redirect(next);

  return (
    <AuthCard
      title="Sign in"
      intro="Welcome back. Sign in to check out and see your orders."
      footer={
        <>
          New here?{" "}
          <Link href={withReturnPath("/register", next)} className={link}>
            Create an account
          </Link>
        </>
      }
    >
      {/* This browser's session cookie stopped naming a live session (lib/session/signed-out-notice.ts). */}
      {(await hasSignedOutNotice()) && <SignedOutNotice />}
      <LoginForm next={next} />
      <DemoAccounts accounts={await demoAccountsToShow(env)} />
    </AuthCard>
  );
}

// The local demo only (lib/demo-accounts.ts decides): the accounts the seed made, with the
// passwords the README publishes. A server anyone else can reach shows nothing here.
function DemoAccounts({ accounts }: { accounts: DemoAccount[] }) {
  if (accounts.length === 0) return null;
  return (
    <section aria-labelledby="demo-accounts-heading" className="mt-6 rounded-lg border border-dashed border-stone-300 bg-stone-50 p-4 text-sm">
      <h2 id="demo-accounts-heading" className="font-semibold text-stone-900">
        Demo accounts
      </h2>
      <p className="mt-1 text-stone-600">This local demo was seeded with these accounts. Their passwords are public: never use them elsewhere.</p>
      <ul className="mt-3 space-y-2">
        {accounts.map((account) => (
          <li key={account.email}>
            <span className="font-medium text-stone-900">{account.role === "ADMIN" ? "Admin" : "Customer"}:</span>{" "}
            <code className="break-all">{account.email}</code> / <code className="break-all">{account.password}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
