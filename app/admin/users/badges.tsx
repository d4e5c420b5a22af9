import type { Role } from "@/lib/generated/prisma/client";

// How a user's role and status read on the admin pages: words, not only a colour.

const badge = "rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1";

export function RoleBadge({ role }: { role: Role }) {
  return role === "ADMIN" ? (
    <span className={`${badge} bg-accent-100 text-stone-900 ring-accent-500`}>Admin</span>
  ) : (
    <span className={`${badge} bg-stone-100 text-stone-700 ring-stone-200`}>Customer</span>
  );
}

export function StatusBadge({ disabled }: { disabled: boolean }) {
  return disabled ? (
    <span className={`${badge} bg-red-50 text-red-800 ring-red-200`}>Disabled</span>
  ) : (
    <span className={`${badge} bg-brand-50 text-brand-800 ring-brand-200`}>Active</span>
  );
}
