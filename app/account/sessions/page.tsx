import type { Metadata } from "next";
import Link from "next/link";
import { SessionSummary } from "@/app/_components/session-summary";
import { card, link, pageTitle } from "@/app/_components/styles";
import { requireUser } from "@/lib/session/current";
import { isSudo, listUserSessions } from "@/lib/session/store";
import { describeUserAgent } from "@/app/_components/describe-device";
import { RevokeOthersForm, RevokeSessions, RevokeSessionForm } from "./session-forms";

export const metadata: Metadata = { title: "Active sessions" };

export default async function SessionsPage() {
  const { session: current, user } = await requireUser("/account/sessions");
  // Most recently active first; this device goes on top, where the user looks first.
  const sessions = await listUserSessions(user.id);
  const others = sessions.filter((session) => session.id !== current.id);
  const ordered = [...sessions.filter((session) => session.id === current.id), ...others];

  return (
    <div className="mx-auto max-w-3xl">
      <h1 className={pageTitle}>Active sessions</h1>
      <p className="mt-2 text-stone-600">
        Every browser and device where you are signed in. If you do not recognise one, revoke it: it is signed out at
        once, everywhere.
      </p>
      <p className="mt-1 text-sm text-stone-500">Last activity is updated at most once a minute.</p>
      {/* Only a hint: the actions themselves ask for the password when it is due. */}
      {others.length > 0 && !isSudo(current) && (
        <p className="mt-1 text-sm text-stone-500">Signing a device out asks for your password first.</p>
      )}

      <RevokeSessions>
        <ul aria-label="Sessions" className={`${card} mt-6 divide-y divide-stone-200`}>
          {ordered.map((session) => {
            const isCurrent = session.id === current.id;
            const { browser, os } = describeUserAgent(session.userAgent);
            const labelId = `session-${session.id.slice(0, 12)}`;
            return (
              <li key={session.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:p-5">
                <DeviceIcon os={os} />
                <SessionSummary
                  labelId={labelId}
                  device={`${browser} on ${os}`}
                  current={isCurrent}
                  ipAddress={session.ipAddress}
                  createdAt={session.createdAt}
                  lastSeenAt={session.lastSeenAt}
                />
                {/* The current session ends with Sign out, not Revoke. */}
                {!isCurrent && <RevokeSessionForm sessionId={session.id} describedBy={labelId} />}
              </li>
            );
          })}
        </ul>
      </RevokeSessions>

      <RevokeOthersForm hasOthers={others.length > 0} />

      <p className="mt-6 text-sm text-stone-600">
        Sessions that ended, and why, are listed in your{" "}
        <Link href="/account/activity" className={link}>
          security activity
        </Link>
        .
      </p>
    </div>
  );
}

function DeviceIcon({ os }: { os: string }) {
  const mobile = os === "iOS" || os === "Android";
  return (
    <span className="hidden h-11 w-11 shrink-0 items-center justify-center rounded-xl bg-stone-100 text-stone-600 sm:flex">
      <svg viewBox="0 0 24 24" className="h-6 w-6" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8">
        {mobile ? (
          <>
            <rect x="7" y="2.5" width="10" height="19" rx="2" />
            <path d="M11 18.5h2" strokeLinecap="round" />
          </>
        ) : (
          <>
            <rect x="3" y="4" width="18" height="12" rx="1.5" />
            <path d="M8 20h8M12 16v4" strokeLinecap="round" />
          </>
        )}
      </svg>
    </span>
  );
}
