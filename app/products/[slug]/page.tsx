import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StockBadge } from "@/app/_components/stock-badge";
import { getProductBySlug, LOW_STOCK_THRESHOLD } from "@/lib/shop/catalog";
import { MAX_LINE_QUANTITY } from "@/lib/shop/cart";
import { formatMoney } from "@/lib/shop/money";
import { AddToCartForm } from "./add-to-cart-form";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await getProductBySlug((await params).slug);
  // The tab of a missing product says so, like the page under it (notFound() below).
  return product ? { title: product.name, description: product.description } : { title: "Product not found" };
}

export default async function ProductPage({ params }: Props) {
  // getProductBySlug validates the slug's shape before it reaches the database.
  const product = await getProductBySlug((await params).slug);
  if (!product) notFound();

  const soldOut = product.stock <= 0;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-6 text-sm">
        <Link href="/" className="font-medium text-stone-600 hover:text-stone-900">
          <span aria-hidden="true">←</span> All products
        </Link>
      </nav>

      <article className="grid gap-8 md:grid-cols-2 md:gap-12">
        <div className="relative aspect-square overflow-hidden rounded-3xl border border-stone-200 bg-stone-100">
          <Image
            src={product.image}
            alt={product.name}
            fill
            // The page's largest paint on every screen size: fetched first, never lazily.
            // (Next 16 dropped fetchpriority from the deprecated `priority` prop.)
            loading="eager"
            fetchPriority="high"
            sizes="(min-width: 768px) 50vw, 100vw"
            className={`object-cover ${soldOut ? "opacity-60 grayscale" : ""}`}
          />
        </div>

        <div className="flex flex-col">
          <h1 className="text-3xl font-bold tracking-tight text-stone-900 sm:text-4xl">{product.name}</h1>
          <p className="mt-3 text-2xl font-semibold text-stone-800">{formatMoney(product.priceCents, product.currency)}</p>

          <p className="mt-3 flex items-center gap-2 text-sm text-stone-600">
            <StockBadge stock={product.stock} />
            {stockNote(product.stock)}
          </p>

          <p className="mt-6 leading-relaxed text-stone-700">{product.description}</p>

          <div className="mt-8 border-t border-stone-200 pt-6">
            <AddToCartForm slug={product.slug} maxQuantity={Math.min(product.stock, MAX_LINE_QUANTITY)} />
          </div>
        </div>
      </article>
    </>
  );
}

function stockNote(stock: number): string {
  if (stock <= 0) return "Out of stock for now. Check back soon.";
  if (stock <= LOW_STOCK_THRESHOLD) return "Almost gone. Order soon.";
  return `In stock (${stock} available), ready to ship.`;
}
