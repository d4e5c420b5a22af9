// Dates rendered on the server, in one fixed locale and time zone, so the HTML is the same
// on every render and hydration never disagrees. The machine-readable value goes in
// dateTime for assistive technology and tests.

const formatter = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

const dateOnly = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" });

export function DateTime({ date, withTime = true }: { date: Date; withTime?: boolean }) {
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {withTime ? `${formatter.format(date)} UTC` : dateOnly.format(date)}
    </time>
  );
}
