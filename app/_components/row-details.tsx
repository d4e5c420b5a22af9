import type { ReactNode } from "react";

// The small pieces that session rows and security-activity rows share, so a device, an IP
// or "This session" looks the same wherever an account's devices are listed.

/** Marks the row that describes the session the page is viewed from. */
export function CurrentBadge({ children }: { children: ReactNode }) {
  return <span className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-semibold text-brand-800 ring-1 ring-brand-200">{children}</span>;
}

/** One "term: value" of a row's `<dl>`; pass `className` to let a long value wrap. */
export function Detail({ term, children, className = "whitespace-nowrap" }: { term: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="inline">{term}: </dt>
      <dd className="inline">{children}</dd>
    </div>
  );
}
