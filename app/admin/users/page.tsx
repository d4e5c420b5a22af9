import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "@/app/_components/date-time";
import { button, card, input, pageTitle } from "@/app/_components/styles";
import { listUsers, parseUserSearch, USER_LIST_LIMIT } from "@/lib/admin/users";
import { requireAdmin } from "@/lib/auth/step-up";
import { AdminNav } from "../_components/admin-nav";
import { RoleBadge, StatusBadge } from "./badges";

export const metadata: Metadata = { title: "Users" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminUsersPage({ searchParams }: Props) {
  const search = parseUserSearch((await searchParams).q);
  const query = search.ok ? search.query : "";
  // Back here after a re-authentication, with the same search.
  await requireAdmin(query ? `/admin/users?${new URLSearchParams({ q: query })}` : "/admin/users");
  const { users, total } = await listUsers(query);

  return (
    <>
      <h1 className={`${pageTitle} mb-4`}>Users</h1>
      <AdminNav current="/admin/users" />

      {/* A plain GET form: the search is in the URL, works without JavaScript, and changes nothing. */}
      <form method="get" role="search" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <label htmlFor="user-search" className="mb-1.5 block text-sm font-medium text-stone-800">
            Search
          </label>
          <input
            id="user-search"
            name="q"
            type="search"
            defaultValue={query}
            maxLength={254}
            placeholder="Part of an email address"
            className={input}
            aria-invalid={!search.ok || undefined}
            aria-describedby="user-search-result"
          />
        </div>
        <button type="submit" className={button("secondary")}>
          Search
        </button>
      </form>

      <p id="user-search-result" role="status" className={`mb-4 text-sm ${search.ok ? "text-stone-600" : "font-medium text-red-700"}`}>
        {!search.ok
          ? search.message
          : total > users.length
            ? `Showing the ${USER_LIST_LIMIT} newest of ${total} users${query ? " matching your search" : ""}. Search to narrow the list.`
            : `${total} ${total === 1 ? "user" : "users"}${query ? ` matching “${query}”` : ""}.`}
      </p>

      {users.length > 0 && (
        <div className={`${card} overflow-x-auto`}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Users, newest first</caption>
            <thead className="border-b border-stone-200 text-stone-600">
              <tr>
                <th scope="col" className="px-4 py-3 font-medium">Email</th>
                <th scope="col" className="px-4 py-3 font-medium">Name</th>
                <th scope="col" className="px-4 py-3 font-medium">Role</th>
                <th scope="col" className="px-4 py-3 font-medium">Status</th>
                <th scope="col" className="px-4 py-3 text-right font-medium">Live sessions</th>
                <th scope="col" className="px-4 py-3 font-medium">Joined</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {users.map((user) => (
                <tr key={user.id}>
                  <td className="px-4 py-3">
                    <Link href={`/admin/users/${user.id}`} className="font-medium text-brand-800 underline underline-offset-4">
                      {user.email}
                    </Link>
                  </td>
                  <td className="px-4 py-3">{user.name}</td>
                  <td className="px-4 py-3">
                    <RoleBadge role={user.role} />
                  </td>
                  <td className="px-4 py-3">
                    <StatusBadge disabled={user.disabledAt !== null} />
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{user.liveSessions}</td>
                  <td className="whitespace-nowrap px-4 py-3">
                    <DateTime date={user.createdAt} withTime={false} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
