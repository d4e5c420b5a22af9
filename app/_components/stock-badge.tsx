import { LOW_STOCK_THRESHOLD } from "@/lib/shop/catalog";

// How much is left, in words a shopper cares about. The same wording on the grid, the
// product page and the cart.
export function StockBadge({ stock, className = "" }: { stock: number; className?: string }) {
  if (stock <= 0) {
    return <span className={`rounded-full bg-stone-900 px-2.5 py-1 text-xs font-semibold text-white ${className}`}>Sold out</span>;
  }
  if (stock <= LOW_STOCK_THRESHOLD) {
    return (
      <span className={`rounded-full bg-accent-100 px-2.5 py-1 text-xs font-semibold text-accent-700 ${className}`}>
        Only {stock} left
      </span>
    );
  }
  return null;
}
