import type { Metadata } from "next";
import Link from "next/link";
import { card, pageTitle } from "@/app/_components/styles";
import { listProductsForAdmin, priceInputOf } from "@/lib/admin/catalog";
import { requireAdmin } from "@/lib/auth/step-up";
import { formatMoney } from "@/lib/shop/money";
import { AdminNav } from "../_components/admin-nav";
import { ProductForm } from "./product-form";

export const metadata: Metadata = { title: "Products" };

export default async function AdminProductsPage() {
  await requireAdmin("/admin/products");
  const products = await listProductsForAdmin();

  return (
    <>
      <h1 className={`${pageTitle} mb-4`}>Products</h1>
      <AdminNav current="/admin/products" />
      <p className="mb-4 text-stone-600">
        Prices in dollars, up to $100,000.00; stock as a whole number, up to 1,000,000. Each product saves on its own.
      </p>
      <ul aria-label="Products" className={`${card} divide-y divide-stone-200`}>
        {products.map((product) => {
          const headingId = `product-${product.id}`;
          return (
            <li key={product.id} className="flex flex-col gap-3 p-4 md:flex-row md:items-start md:justify-between">
              <div className="min-w-0">
                <h2 id={headingId} className="font-semibold text-stone-900">
                  <Link href={`/products/${product.slug}`} className="hover:underline">
                    {product.name}
                  </Link>
                </h2>
                <p className="text-sm text-stone-600">
                  {formatMoney(product.priceCents, product.currency)} · {product.stock === 0 ? "Sold out" : `${product.stock} in stock`}
                </p>
              </div>
              <ProductForm
                productId={product.id}
                name={product.name}
                price={priceInputOf(product.priceCents)}
                stock={product.stock}
                headingId={headingId}
              />
            </li>
          );
        })}
      </ul>
    </>
  );
}
