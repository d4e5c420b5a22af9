import Link from "next/link";
import { site } from "./site";

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-col gap-2 px-4 py-8 text-sm text-stone-600 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>
          <span className="font-semibold text-stone-800">{site.name}</span> · {site.tagline}
        </p>
        <p>
          A demo shop: no payment is taken and nothing ships.{" "}
          <Link href="/account/sessions" className="underline underline-offset-4 hover:text-stone-900">
            See where you are signed in
          </Link>
          .
        </p>
      </div>
    </footer>
  );
}
