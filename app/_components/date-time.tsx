"use client";

import { useSyncExternalStore } from "react";

// Every date and time the shop shows, in the viewer's own time zone, which only the
// browser knows. The server renders it in UTC (saying so), and the browser re-formats it
// in its zone as soon as it has hydrated.
//
// The first render in the browser must produce exactly the server's HTML, or React warns
// about a hydration mismatch and throws the server's HTML away. useSyncExternalStore gives
// that for free: while hydrating, React uses the server snapshot (false, so UTC), then
// renders again with the client snapshot (true, so local time). No effect, no state, no
// cookie telling the server the zone. The machine-readable instant stays in dateTime,
// identical on both renders (the security activity page's rows rely on it).

const WITH_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
};

// A calendar date alone ("joined March 3, 2026"): the viewer's day too, near midnight.
const DATE_ONLY: Intl.DateTimeFormatOptions = { dateStyle: "long" };

// Nothing to subscribe to: the time zone does not change while the page is open.
const subscribe = () => () => {};

export function DateTime({ date, withTime = true }: { date: Date; withTime?: boolean }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const iso = date.toISOString();
  const options = withTime ? WITH_TIME : DATE_ONLY;
  // en-US like the rest of the shop's words; only the time zone is the viewer's.
  const text = new Intl.DateTimeFormat("en-US", inBrowser ? options : { ...options, timeZone: "UTC" }).format(date);
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
