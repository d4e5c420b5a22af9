import type { Metadata } from "next";
import Link from "next/link";
import { SecurityActivity } from "@/app/_components/security-activity";
import { link, pageTitle } from "@/app/_components/styles";
import { listSecurityEvents, parseEventCursor, sessionReference } from "@/lib/security/events";
import { requireUser } from "@/lib/session/current";

export const metadata: Metadata = { title: "Security activity" };

const PATH = "/account/activity";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ActivityPage({ searchParams }: Props) {
  // proxy.ts already sent anonymous visitors to sign in; the page checks again itself.
  const { session, user } = await requireUser(PATH);
  // A malformed ?before= shows the first page rather than an error: it is only a position.
  const before = parseEventCursor((await searchParams).before);
  // The user's own events only: the id comes from the session, never from the request.
  const { events, nextBefore } = await listSecurityEvents(user.id, { before });

  return (
    <div className="mx-auto max-w-3xl">
      <h1 className={pageTitle}>Security activity</h1>
      <p className="mt-2 text-stone-600">
        Sign-ins, sign-outs and changes to your account, newest first. If something here was not you, change your password
        and check your{" "}
        <Link href="/account/sessions" className={link}>
          active sessions
        </Link>
        .
      </p>
      <div className="mt-6">
        <SecurityActivity
          events={events}
          audience="owner"
          currentSessionRef={sessionReference(session.id)}
          olderHref={nextBefore === null ? null : `${PATH}?before=${nextBefore}`}
          newestHref={before === undefined ? null : PATH}
        />
      </div>
    </div>
  );
}
