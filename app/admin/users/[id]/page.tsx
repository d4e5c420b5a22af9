import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DateTime } from "@/app/_components/date-time";
import { SecurityActivity } from "@/app/_components/security-activity";
import { card, pageTitle } from "@/app/_components/styles";
import { describeUserAgent } from "@/app/_components/describe-device";
import { getUserDetail } from "@/lib/admin/users";
import { requireAdmin } from "@/lib/auth/step-up";
import { listSecurityEvents, parseEventCursor, sessionReference } from "@/lib/security/events";
import { AdminNav } from "../../_components/admin-nav";
import { RoleBadge, StatusBadge } from "../badges";
import { AccountStatusForm, RoleForm, SignOutEverywhereForm, UserSessions } from "./user-forms";

// No loading.tsx on this route: a loading boundary would stream a 200 before requireAdmin()
// and notFound() below could answer 404.

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { title: "User" };

export default async function AdminUserPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { session } = await requireAdmin(`/admin/users/${encodeURIComponent(id)}`);
  // A malformed id asks the database nothing; an unknown one finds nothing. Both are a 404.
  const user = await getUserDetail(id);
  if (!user) notFound();
  const before = parseEventCursor((await searchParams).before);
  const activity = await listSecurityEvents(user.id, { before });
  const userPath = `/admin/users/${user.id}`;

  const sessions = user.sessions.map((row) => {
    const { browser, os } = describeUserAgent(row.userAgent);
    const device = `${browser} on ${os}`;
    return { id: row.id, device, ipAddress: row.ipAddress, createdAt: row.createdAt, lastSeenAt: row.lastSeenAt, current: row.id === session.id };
  });

  return (
    <>
      <h1 className={`${pageTitle} mb-4`}>{user.name}</h1>
      <AdminNav current="/admin/users" />
      <nav aria-label="Breadcrumb" className="mb-4 text-sm">
        <Link href="/admin/users" className="font-medium text-stone-600 hover:text-stone-900">
          <span aria-hidden="true">←</span> All users
        </Link>
      </nav>

      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="account-heading" className={`${card} p-5`}>
          <h2 id="account-heading" className="text-lg font-semibold">
            Account
          </h2>
          <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-stone-600">Name</dt>
            <dd>{user.name}</dd>
            <dt className="text-stone-600">Email</dt>
            <dd className="break-all">{user.email}</dd>
            <dt className="text-stone-600">Role</dt>
            <dd>
              <RoleBadge role={user.role} />
            </dd>
            <dt className="text-stone-600">Status</dt>
            <dd>
              <StatusBadge disabled={user.disabledAt !== null} />
              {user.disabledAt && (
                <span className="ml-2 text-stone-600">
                  since <DateTime date={user.disabledAt} />
                </span>
              )}
            </dd>
            <dt className="text-stone-600">Joined</dt>
            <dd>
              <DateTime date={user.createdAt} />
            </dd>
          </dl>
        </section>

        <section aria-labelledby="actions-heading" className={`${card} space-y-4 p-5`}>
          <h2 id="actions-heading" className="text-lg font-semibold">
            Actions
          </h2>
          <p className="text-sm text-stone-600">
            A new role or a disabled account signs the user out on every device; they sign in again to continue.
          </p>
          <RoleForm userId={user.id} role={user.role} />
          <AccountStatusForm userId={user.id} disabled={user.disabledAt !== null} />
          <SignOutEverywhereForm userId={user.id} />
        </section>
      </div>

      <section aria-labelledby="sessions-heading" className="mt-8">
        <h2 id="sessions-heading" className="mb-3 text-lg font-semibold">
          Live sessions
        </h2>
        <UserSessions userId={user.id} sessions={sessions} />
      </section>

      <section id="activity" aria-labelledby="activity-heading" className="mt-8">
        <h2 id="activity-heading" className="mb-3 text-lg font-semibold">
          Security activity
        </h2>
        <SecurityActivity
          events={activity.events}
          audience="admin"
          currentSessionRef={sessionReference(session.id)}
          olderHref={activity.nextBefore === null ? null : `${userPath}?before=${activity.nextBefore}#activity`}
          newestHref={before === undefined ? null : `${userPath}#activity`}
        />
      </section>
    </>
  );
}
