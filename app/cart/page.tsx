import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { button, card, link, pageTitle } from "@/app/_components/styles";
import { getCart, type Cart } from "@/lib/shop/cart";
import { formatMoney } from "@/lib/shop/money";
import { getCartOwner } from "@/app/_lib/cart-owner";
import { CartChanges, CartLineForm, CartStatus } from "./cart-line-controls";

export const metadata: Metadata = { title: "Your cart" };

export default async function CartPage() {
  // Reading the cart never creates a session: a visitor without one sees an empty cart.
  const cart = await getCart(await getCartOwner());

  // The status stays mounted when the last line goes, so "Removed ... Undo" survives the
  // switch to the empty cart.
  return (
    <CartChanges lineIds={cart.lines.map((line) => line.id)}>
      <CartStatus />
      {cart.lines.length === 0 ? <EmptyCart /> : <FilledCart cart={cart} />}
    </CartChanges>
  );
}

function EmptyCart() {
  return (
    <div className={`${card} mx-auto max-w-lg px-6 py-12 text-center`}>
      <h1 className={pageTitle}>Your cart is empty</h1>
      <p className="mt-3 text-stone-600">Find something you like and it will wait for you here.</p>
      <Link href="/" className={`${button()} mt-6`}>
        Browse products
      </Link>
    </div>
  );
}

function FilledCart({ cart }: { cart: Cart }) {
  const hasShortage = cart.lines.some((line) => line.quantity > line.stock);
  return (
    <>
      <h1 className={`${pageTitle} mb-6`}>Your cart</h1>
      {/* items-start: each card is as tall as its content, not as the taller of the two. */}
      <div className="grid items-start gap-8 lg:grid-cols-[1fr_20rem]">
        <ul aria-label="Cart items" className={`${card} divide-y divide-stone-200`}>
          {cart.lines.map((line, index) => {
            const nameId = `line-${line.id}-name`;
            return (
              <li key={line.id} className="flex gap-4 p-4 sm:p-5">
                <Image
                  src={line.image}
                  alt=""
                  width={96}
                  height={96}
                  // The first line's picture is the page's largest paint on a phone
                  // (measured, docs/performance.md): fetched first, never lazily.
                  loading={index === 0 ? "eager" : "lazy"}
                  fetchPriority={index === 0 ? "high" : undefined}
                  className="h-20 w-20 shrink-0 rounded-xl border border-stone-200 bg-stone-100 object-cover sm:h-24 sm:w-24"
                />
                <div className="flex min-w-0 flex-1 flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <h2 id={nameId} className="font-semibold text-stone-900">
                      <Link href={`/products/${line.slug}`} className="hover:underline">
                        {line.name}
                      </Link>
                    </h2>
                    <p className="mt-1 text-sm text-stone-600">{formatMoney(line.unitPriceCents, line.currency)} each</p>
                    {line.quantity > line.stock && (
                      <p className="mt-1 text-sm font-medium text-accent-700">
                        {line.stock === 0 ? "Sold out. Remove it to check out." : `Only ${line.stock} left. Lower the quantity to check out.`}
                      </p>
                    )}
                  </div>
                  <CartLineForm
                    itemId={line.id}
                    quantity={line.quantity}
                    productName={line.name}
                    lineTotal={formatMoney(line.lineTotalCents, line.currency)}
                    describedBy={nameId}
                  />
                </div>
              </li>
            );
          })}
        </ul>

        <section aria-labelledby="summary-heading" className={`${card} p-5`}>
          <h2 id="summary-heading" className="text-lg font-semibold text-stone-900">
            Order summary
          </h2>
          <dl className="mt-4 space-y-2 text-sm">
            <div className="flex justify-between">
              <dt className="text-stone-600">Items</dt>
              <dd>{cart.itemCount}</dd>
            </div>
            <div className="flex justify-between">
              <dt className="text-stone-600">Shipping</dt>
              <dd>Free</dd>
            </div>
            <div className="flex justify-between border-t border-stone-200 pt-3 text-base font-semibold">
              <dt>Subtotal</dt>
              <dd>{formatMoney(cart.subtotalCents, cart.currency)}</dd>
            </div>
          </dl>
          {hasShortage && (
            <p className="mt-4 rounded-lg bg-accent-100 px-3 py-2 text-sm text-accent-700">
              Some items have less stock than your cart asks for. Adjust them before you check out.
            </p>
          )}
          <Link href="/checkout" className={`${button("primary", "lg")} mt-5 w-full`}>
            Checkout
          </Link>
          <p className="mt-3 text-center text-sm">
            <Link href="/" className={link}>
              Continue shopping
            </Link>
          </p>
        </section>
      </div>
    </>
  );
}
