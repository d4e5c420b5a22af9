"use client";

import { useSyncExternalStore } from "react";

// A time shown in the viewer's own time zone, which only the browser knows. The server
// renders it in UTC (saying so), and the browser re-formats it in its zone once hydrated.
//
// The first render in the browser must produce exactly the server's HTML, or React warns
// about a hydration mismatch and throws the server's HTML away. useSyncExternalStore gives
// that for free: while hydrating, React uses the server snapshot (false, so UTC), then
// renders again with the client snapshot (true, so local time). No effect, no state.
// The machine-readable instant stays in dateTime, identical on both renders.

const FORMAT: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
};

// Nothing to subscribe to: the time zone does not change while the page is open.
const subscribe = () => () => {};

export function LocalDateTime({ date }: { date: Date }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const iso = date.toISOString();
  // en-US like the rest of the shop's words; only the time zone is the viewer's.
  const text = new Intl.DateTimeFormat("en-US", inBrowser ? FORMAT : { ...FORMAT, timeZone: "UTC" }).format(date);
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
