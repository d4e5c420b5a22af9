import Link from "next/link";
import { dismissNoticeAction } from "@/app/actions/notice";
import { getCurrentSession } from "@/lib/session/current";
import { button, link } from "./styles";

// A message the server left for this session (today: the guest cart merged at sign-in).
// It is read from the session row, never from the URL, so a link cannot make the shop say
// something it did not do; it stays on every page until the user dismisses it.
export async function SessionNotice() {
  const { session } = await getCurrentSession();
  if (!session?.notice) return null;
  return (
    <div className="border-b border-stone-200 bg-accent-100">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5 text-sm text-stone-900 sm:px-6">
        <p role="status" className="flex-1">
          {session.notice}{" "}
          <Link href="/cart" className={link}>
            Review your cart
          </Link>
        </p>
        <form action={dismissNoticeAction}>
          <button type="submit" className={button("secondary", "sm")}>
            Dismiss
          </button>
        </form>
      </div>
    </div>
  );
}
