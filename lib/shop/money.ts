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

// The one place money is multiplied and added up: the cart, the checkout's order total and
// the order page's lines all come from here, so they cannot disagree. Amounts that are not
// whole, non-negative, safe integers are bugs (a price read as dollars, a NaN quantity),
// and throw rather than turn into a total that is quietly wrong.

/** The price of one line: unit price in cents times quantity. */
export function lineTotalCents(unitPriceCents: number, quantity: number): number {
  return checkedCents(checkedCents(unitPriceCents, "unit price") * checkedCount(quantity), "line total");
}

/** The sum of amounts in cents; 0 for none. */
export function sumCents(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) total = checkedCents(total + checkedCents(amount, "amount"), "total");
  return total;
}

function checkedCents(cents: number, what: string): number {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`${what} must be a whole, non-negative number of cents: ${cents}`);
  return cents;
}

function checkedCount(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new RangeError(`quantity must be a whole, non-negative number: ${quantity}`);
  return quantity;
}
