import { safeReturnPath } from "@/lib/auth/return-path";

// The `next` search parameter of /login and /register, checked here as well as in the
// actions: the page writes it into a hidden field and into links, and must not carry an
// off-site address along even for display.
export async function returnPathFrom(searchParams: Promise<Record<string, string | string[] | undefined>>): Promise<string> {
  return safeReturnPath((await searchParams).next);
}

/** Appends `?next=` only when it says something other than the default. */
export function withReturnPath(path: string, next: string): string {
  return next === "/" ? path : `${path}?next=${encodeURIComponent(next)}`;
}
