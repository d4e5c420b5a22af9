import type { Metadata } from "next";
import Link from "next/link";
import { button, card } from "./_components/styles";

export const metadata: Metadata = { title: "Page not found" };

// Shown for unknown URLs and for every notFound() call, including an order that belongs to
// someone else: the wording never hints that the thing might exist for another user.
export default function NotFound() {
  return (
    <div className={`${card} mx-auto max-w-lg px-6 py-14 text-center`}>
      <p className="text-sm font-semibold uppercase tracking-widest text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">We couldn’t find that page</h1>
      <p className="mt-3 text-stone-600">The link may be old, or the address mistyped. Everything else is right where you left it.</p>
      <div className="mt-7 flex flex-wrap justify-center gap-3">
        <Link href="/" className={button()}>
          Back to the shop
        </Link>
        <Link href="/orders" className={button("secondary")}>
          Your orders
        </Link>
      </div>
    </div>
  );
}
