"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

// A header link that knows where the user is. aria-current="page" on the link to the page
// itself; "true" on the link to the section a deeper page belongs to (an order under
// Orders, a product under Shop), so a screen reader says "current" and the eye sees the
// same highlight. The path comes from the client router, which also keeps it right after
// a client-side navigation; the server renders the same value, so hydration agrees.

/** Where a path belongs in the header: "/orders/abc" is in "/orders", "/products/mug" in "/". */
export function currentness(pathname: string, href: string): "page" | "true" | undefined {
  if (pathname === href) return "page";
  if (href === "/") return pathname.startsWith("/products/") ? "true" : undefined;
  return pathname.startsWith(`${href}/`) ? "true" : undefined;
}

export function NavLink({ href, className, children }: { href: string; className: string; children: ReactNode }) {
  const pathname = usePathname();
  return (
    <Link href={href} aria-current={currentness(pathname, href)} className={className}>
      {children}
    </Link>
  );
}
