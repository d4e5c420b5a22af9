// How an order is named and its status shown, the same on the list and the detail page.

/** A short, readable order number. Display only: links and lookups use the full id. */
export function orderNumber(id: string): string {
  return `#${id.slice(-8).toUpperCase()}`;
}

export function OrderStatus({ status }: { status: string }) {
  const label = status.charAt(0) + status.slice(1).toLowerCase();
  return <span className="rounded-full bg-brand-50 px-2.5 py-1 text-xs font-semibold text-brand-800">{label}</span>;
}
