import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/_components/auth-card";
import { returnPathFrom, withReturnPath } from "@/app/_lib/return-path";
import { link } from "@/app/_components/styles";
import { getCurrentSession } from "@/lib/session/current";
import { hasSignedOutNotice } from "@/lib/session/signed-out-notice";
import { LoginForm } from "./login-form";
import { SignedOutNotice } from "./signed-out-notice";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const { user } = await getCurrentSession();
  if (user) redirect("/");
  const next = await returnPathFrom(searchParams);

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
    </AuthCard>
  );
}
