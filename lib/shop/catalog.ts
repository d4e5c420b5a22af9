import "server-only";
import { cache } from "react";
import { z } from "zod";
import { db } from "@/lib/db";

// Read-only access to the product catalog. Every public page reads through here, so the
// fields a page may show are chosen once, below, rather than in each page.

export const productSlugSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Not a product slug.");

/** At or below this many units, pages say "Only N left" instead of just "In stock". */
export const LOW_STOCK_THRESHOLD = 5;

const productFields = {
  id: true,
  slug: true,
  name: true,
  description: true,
  priceCents: true,
  currency: true,
  stock: true,
  image: true,
} as const;

export type Product = {
  id: string;
  slug: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  stock: number;
  image: string;
};

export async function listProducts(): Promise<Product[]> {
  return db.product.findMany({ select: productFields, orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
}

/**
 * The product behind a URL segment, or null when the slug is malformed or unknown.
 * Cached per request: the page and its generateMetadata both ask, one query answers.
 */
export const getProductBySlug = cache(async (slug: unknown): Promise<Product | null> => {
  const parsed = productSlugSchema.safeParse(slug);
  if (!parsed.success) return null;
  return db.product.findUnique({ where: { slug: parsed.data }, select: productFields });
});
