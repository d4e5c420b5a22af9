"use client";

import Link from "next/link";
import { useEffect } from "react";
import { button, card } from "./_components/styles";

// Unexpected failures only: expected ones (bad input, sold out) are returned by the
// actions as data and shown in their forms. In production Next.js replaces a server
// error's message with a digest, so nothing internal reaches the page; the digest is
// shown so a support request can be matched with the server log.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;

  return (
    <div role="alert" className={`${card} mx-auto max-w-lg px-6 py-14 text-center`}>
      <h1 className="text-2xl font-bold tracking-tight text-stone-900 sm:text-3xl">Something went wrong</h1>
      <p className="mt-3 text-stone-600">Sorry about that. Please try again; if it keeps happening, come back in a few minutes.</p>
      {digest && <p className="mt-2 font-mono text-xs text-stone-500">Reference: {digest}</p>}
      <div className="mt-7 flex flex-wrap justify-center gap-3">
        <button type="button" onClick={retry} className={button()}>
          Try again
        </button>
        <Link href="/" className={button("secondary")}>
          Back to the shop
        </Link>
      </div>
    </div>
  );
}
