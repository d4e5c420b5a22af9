import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { button, card, pageTitle } from "@/app/_components/styles";
import { requireUser } from "@/lib/session/current";
import { SHIPPING_COUNTRIES } from "@/lib/shop/address";
import { getCart } from "@/lib/shop/cart";
import { formatMoney } from "@/lib/shop/money";
import { CheckoutForm } from "./checkout-form";

export const metadata: Metadata = { title: "Checkout" };

export default async function CheckoutPage() {
  // First thing: an anonymous visitor goes to sign in and comes back here afterwards.
  // Signing in merges their guest cart, so nothing they picked is lost.
  const { user } = await requireUser("/checkout");
  const cart = await getCart({ userId: user.id });

  if (cart.lines.length === 0) {
    return (
      <div className={`${card} mx-auto max-w-lg px-6 py-12 text-center`}>
        <h1 className={pageTitle}>Nothing to check out yet</h1>
        <p className="mt-3 text-stone-600">Your cart is empty. Add a few things and come back.</p>
        <Link href="/" className={`${button()} mt-6`}>
          Back to the shop
        </Link>
      </div>
    );
  }

  return (
    <>
      <h1 className={`${pageTitle} mb-6`}>Checkout</h1>
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <section aria-labelledby="shipping-heading" className={`${card} p-5 sm:p-6`}>
          <h2 id="shipping-heading" className="mb-5 text-lg font-semibold text-stone-900">
            Shipping address
          </h2>
          {/* A fresh key per render: the same form submitted twice is one order, while a
              new visit to this page is a new checkout. */}
          <CheckoutForm idempotencyKey={crypto.randomUUID()} defaultName={user.name} countries={SHIPPING_COUNTRIES} />
        </section>

        <section aria-labelledby="summary-heading" className={`${card} h-fit p-5`}>
          <h2 id="summary-heading" className="text-lg font-semibold text-stone-900">
            Order summary
          </h2>
          <ul className="mt-4 divide-y divide-stone-200">
            {cart.lines.map((line) => (
              <li key={line.id} className="flex items-center gap-3 py-3">
                <Image
                  src={line.image}
                  alt=""
                  width={56}
                  height={56}
                  className="h-14 w-14 rounded-lg border border-stone-200 bg-stone-100 object-cover"
                />
                <div className="min-w-0 flex-1 text-sm">
                  <p className="truncate font-medium text-stone-900">{line.name}</p>
                  <p className="text-stone-600">Qty {line.quantity}</p>
                </div>
                <p className="text-sm font-medium">{formatMoney(line.lineTotalCents, line.currency)}</p>
              </li>
            ))}
          </ul>
          <dl className="mt-2 space-y-2 border-t border-stone-200 pt-3 text-sm">
            <div className="flex justify-between">
              <dt className="text-stone-600">Shipping</dt>
              <dd>Free</dd>
            </div>
            <div className="flex justify-between text-base font-semibold">
              <dt>Total</dt>
              <dd>{formatMoney(cart.subtotalCents, cart.currency)}</dd>
            </div>
          </dl>
          <p className="mt-4 text-xs text-stone-500">
            This is a demo shop: placing an order takes no payment. <Link href="/cart" className="underline">Edit cart</Link>
          </p>
        </section>
      </div>
    </>
  );
}
