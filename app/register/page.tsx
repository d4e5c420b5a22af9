import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/app/_components/auth-card";
import { returnPathFrom, withReturnPath } from "@/app/_lib/return-path";
import { link } from "@/app/_components/styles";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/validation";
import { getCurrentSession } from "@/lib/session/current";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create account" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RegisterPage({ searchParams }: Props) {
  const next = await returnPathFrom(searchParams);
  // Already signed in: go where the link was taking the user (the same checked path the
  // form would have used), not to the home page.
  const { user } = await getCurrentSession();
  if (user) redirect(next);

  return (
    <AuthCard
      title="Create account"
      intro="Save your cart across devices, check out faster and follow your orders."
      footer={
        <>
          Already have an account?{" "}
          <Link href={withReturnPath("/login", next)} className={link}>
            Sign in
          </Link>
        </>
      }
    >
      <RegisterForm next={next} passwordMinLength={PASSWORD_MIN_LENGTH} />
    </AuthCard>
  );
}
