import Link from "next/link";
import { describeUserAgent } from "@/app/_components/describe-device";
import { DateTime } from "@/app/_components/date-time";
import { CurrentBadge, Detail } from "@/app/_components/row-details";
import { type Audience, eventLabel, reasonLabel } from "@/app/_components/security-event-labels";
import { card, link } from "@/app/_components/styles";
import type { SecurityEvent } from "@/lib/security/events";

// One page of an account's security activity, the same for the owner on /account/activity
// and for an admin on the user's page: what happened, why, when (in the viewer's time
// zone), and from which IP, browser and system. The row of the session this page is viewed
// from says "This session": its keyed reference is compared, the id never leaves the server.

export type SecurityActivityProps = {
  events: SecurityEvent[];
  audience: Audience;
  /** sessionReference() of the viewer's own session. */
  currentSessionRef: string;
  /** The next (older) page, when there is one. */
  olderHref: string | null;
  /** The first page, when this is not it. */
  newestHref: string | null;
};

export function SecurityActivity({ events, audience, currentSessionRef, olderHref, newestHref }: SecurityActivityProps) {
  return (
    <>
      {events.length === 0 ? (
        <div className={`${card} p-6 text-center`}>
          <p className="font-semibold text-stone-900">{newestHref ? "No older events." : "Nothing recorded yet."}</p>
          <p className="mt-1 text-sm text-stone-600">
            Sign-ins, sign-outs, revoked sessions and changes to the password or email address appear here as they happen.
          </p>
        </div>
      ) : (
        <ol aria-label="Security events" className={`${card} divide-y divide-stone-200`}>
          {events.map((event) => (
            <EventRow key={event.id} event={event} audience={audience} current={event.sessionRef === currentSessionRef} />
          ))}
        </ol>
      )}
      {(olderHref || newestHref) && (
        <nav aria-label="Older and newer events" className="mt-4 flex flex-wrap gap-x-6 gap-y-2 text-sm">
          {newestHref && (
            <Link href={newestHref} className={link}>
              Newest events
            </Link>
          )}
          {olderHref && (
            <Link href={olderHref} className={link}>
              Older events
            </Link>
          )}
        </nav>
      )}
    </>
  );
}

function EventRow({ event, audience, current }: { event: SecurityEvent; audience: Audience; current: boolean }) {
  const reason = reasonLabel(event.reason, audience);
  const { browser, os } = describeUserAgent(event.userAgent);
  return (
    <li className="p-4 sm:px-5">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="font-semibold text-stone-900">{eventLabel(event.type)}</span>
          {reason && <span className="text-stone-600">{reason}</span>}
          {current && <CurrentBadge>This session</CurrentBadge>}
        </p>
        <span className="text-sm text-stone-600">
          <DateTime date={event.createdAt} />
        </span>
      </div>
      <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-0.5 text-sm text-stone-600">
        <Detail term="IP" className="min-w-0 break-all">
          {event.ipAddress ?? "Unknown"}
        </Detail>
        <div>
          <dt className="sr-only">Device: </dt>
          <dd>
            {browser} on {os}
          </dd>
        </div>
      </dl>
    </li>
  );
}
