import type { Metadata } from "next";
import Link from "next/link";
import { card, pageTitle } from "@/app/_components/styles";
import { getAdminOverview } from "@/lib/admin/overview";
import { requireAdmin } from "@/lib/auth/step-up";
import { AdminNav } from "./_components/admin-nav";

// Everything under /admin is for ADMIN users who proved who they are within the sudo
// window. requireAdmin() answers anyone else, anonymous visitors included, with the 404
// page (the area does not admit it exists), and sends an admin whose sign-in is older than
// the window to /account/confirm first. Every admin page and every admin action calls it.

export const metadata: Metadata = { title: "Admin" };

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

export default async function AdminPage() {
  await requireAdmin("/admin");
  const overview = await getAdminOverview();

  const sections = [
    {
      href: "/admin/users",
      title: "Users",
      count: plural(overview.users, "user"),
      detail: `${plural(overview.admins, "active admin")} · ${overview.disabledUsers} disabled`,
    },
    {
      href: "/admin/products",
      title: "Products",
      count: plural(overview.products, "product"),
      detail: `${overview.outOfStock} sold out`,
    },
    {
      href: "/admin/orders",
      title: "Orders",
      count: plural(overview.orders, "order"),
      detail: `${overview.ordersToShip} waiting to ship`,
    },
  ];

  return (
    <>
      <h1 className={`${pageTitle} mb-4`}>Admin</h1>
      <AdminNav current="/admin" />
      <ul className="grid gap-4 sm:grid-cols-3">
        {sections.map((section) => (
          <li key={section.href} className={`${card} relative p-5 hover:bg-stone-50`}>
            <h2 className="text-lg font-semibold">
              <Link href={section.href} className="after:absolute after:inset-0">
                {section.title}
              </Link>
            </h2>
            <p className="mt-2 text-2xl font-bold text-stone-900">{section.count}</p>
            <p className="mt-1 text-sm text-stone-600">{section.detail}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
