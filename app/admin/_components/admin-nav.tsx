import Link from "next/link";

// The admin area's own navigation, drawn by each admin page after its requireAdmin()
// check. It is not in a layout on purpose: a layout would still render around the 404 that
// a customer gets, and show them links to an area that is meant not to exist for them.

const sections = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/products", label: "Products" },
  { href: "/admin/orders", label: "Orders" },
] as const;

export type AdminSection = (typeof sections)[number]["href"];

export function AdminNav({ current }: { current: AdminSection }) {
  return (
    <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-1 border-b border-stone-200 pb-3">
      {sections.map(({ href, label }) => (
        <Link
          key={href}
          href={href}
          aria-current={href === current ? "page" : undefined}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-100 aria-[current=page]:bg-brand-50 aria-[current=page]:text-brand-800"
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
