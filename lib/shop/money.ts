// Money is an integer number of minor units (cents) everywhere in the app: floating-point
// dollars drift (0.1 + 0.2 !== 0.3), integers add up exactly. Formatting is the only
// place cents become a human-readable amount. Not server-only: client components use it too.

const formatters = new Map<string, Intl.NumberFormat>();

// A fixed locale keeps the server's HTML and the browser's hydration identical.
const LOCALE = "en-US";

export function formatMoney(cents: number, currency: string): string {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat(LOCALE, { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter.format(cents / 100);
}
