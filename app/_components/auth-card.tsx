import type { ReactNode } from "react";
import { Logo } from "./logo";
import { card } from "./styles";

// The frame shared by the sign-in and registration pages.
export function AuthCard({ title, intro, children, footer }: { title: string; intro: string; children: ReactNode; footer: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md">
      <div className={`${card} px-6 py-8 sm:px-8`}>
        <Logo className="mb-5 h-10 w-10" />
        <h1 className="text-2xl font-bold tracking-tight text-stone-900">{title}</h1>
        <p className="mt-2 text-sm text-stone-600">{intro}</p>
        <div className="mt-6">{children}</div>
      </div>
      <p className="mt-5 text-center text-sm text-stone-600">{footer}</p>
    </div>
  );
}
