import Link from "next/link";
import type { Product } from "@/lib/shop/catalog";
import { formatMoney } from "@/lib/shop/money";
import { StockBadge } from "./stock-badge";

/**
 * `aboveTheFold`: one of the first cards, on screen at load on a phone (two columns) and a
 * laptop: loaded at once rather than lazily. No card gets fetchpriority: the home page's
 * largest paint is its heading, measured (docs/performance.md).
 */
export function ProductCard({ product, aboveTheFold = false }: { product: Product; aboveTheFold?: boolean }) {
  const soldOut = product.stock <= 0;
  return (
    <li className="group relative flex flex-col overflow-hidden rounded-2xl border border-stone-200 bg-white shadow-sm transition-shadow hover:shadow-md">
      <div className="relative aspect-square bg-stone-100">
        {/* Decorative: the product name right below is the link text. A plain <img>, not
            next/image: the pictures are small SVGs that next/image serves unchanged (no
            sizes to pick from), and as a client component it would add one more thing to
            hydrate per card, sixteen on the home page, on a phone's slow CPU. */}
        {/* eslint-disable-next-line @next/next/no-img-element -- see above */}
        <img
          src={product.image}
          alt=""
          width={400}
          height={400}
          decoding="async"
          loading={aboveTheFold ? "eager" : "lazy"}
          className={`absolute inset-0 h-full w-full object-cover transition-transform duration-300 group-hover:scale-[1.03] ${soldOut ? "opacity-60 grayscale" : ""}`}
        />
        <StockBadge stock={product.stock} className="absolute left-3 top-3" />
      </div>
      <div className="flex flex-1 flex-col gap-1 p-4">
        <h3 className="text-sm font-semibold text-stone-900 sm:text-base">
          {/* The whole card is clickable through this one link's stretched ::after. */}
          <Link href={`/products/${product.slug}`} className="after:absolute after:inset-0 after:content-['']">
            {product.name}
          </Link>
        </h3>
        <p className="mt-auto pt-1 text-sm font-medium text-stone-700 sm:text-base">
          {formatMoney(product.priceCents, product.currency)}
        </p>
      </div>
    </li>
  );
}
