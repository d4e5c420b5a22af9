import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DateTime } from "@/app/_components/date-time";
import { OrderStatus, orderNumber } from "@/app/_components/order-labels";
import { card, link, pageTitle } from "@/app/_components/styles";
import { requireUser } from "@/lib/session/current";
import { formatMoney, lineTotalCents } from "@/lib/shop/money";
import { getOrderForUser } from "@/lib/shop/orders";
import { addressLines } from "@/lib/shop/address";
import { hasOrderPlacedFlag } from "@/app/_lib/order-placed-cookie";
import { OrderPlacedNotice } from "./order-placed-notice";

// No loading.tsx on this route: a loading boundary streams a 200 response before the
// page runs, and notFound() below must produce a real 404 status.

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Order details" };

export default async function OrderPage({ params }: Props) {
  const { id } = await params;
  const { user } = await requireUser(`/orders/${encodeURIComponent(id)}`);

  // Someone else's order and an order that does not exist get the same answer: 404.
  // A 403 would confirm to a curious user that the id they guessed is a real order.
  const order = await getOrderForUser(id, user.id);
  if (!order) notFound();

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-6 text-sm">
        <Link href="/orders" className="font-medium text-stone-600 hover:text-stone-900">
          <span aria-hidden="true">←</span> All orders
        </Link>
      </nav>

      <div className="mb-6 flex flex-wrap items-center gap-3">
        <h1 className={pageTitle}>Order {orderNumber(order.id)}</h1>
        <OrderStatus status={order.status} />
        <p className="w-full text-sm text-stone-600">
          Placed <DateTime date={order.createdAt} />
        </p>
      </div>
      {/* Only on the page checkout lands on: the flag is a cookie checkout set, never the URL. */}
      <OrderPlacedNotice orderId={order.id} placed={await hasOrderPlacedFlag(order.id)}>
        Thank you! Your order was placed.
      </OrderPlacedNotice>

      <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
        <section aria-labelledby="items-heading" className={`${card} p-5`}>
          <h2 id="items-heading" className="text-lg font-semibold">
            Items
          </h2>
          <ul className="mt-3 divide-y divide-stone-200">
            {order.items.map((item) => (
              <li key={item.id} className="flex items-center gap-4 py-3">
                <Image
                  src={item.product.image}
                  alt=""
                  width={64}
                  height={64}
                  className="h-16 w-16 rounded-lg border border-stone-200 bg-stone-100 object-cover"
                />
                <div className="min-w-0 flex-1">
                  <Link href={`/products/${item.product.slug}`} className="font-medium hover:underline">
                    {item.name}
                  </Link>
                  <p className="text-sm text-stone-600">
                    {item.quantity} × {formatMoney(item.unitPriceCents, order.currency)}
                  </p>
                </div>
                <p className="font-medium">{formatMoney(lineTotalCents(item.unitPriceCents, item.quantity), order.currency)}</p>
              </li>
            ))}
          </ul>
          <div className="flex justify-between border-t border-stone-200 pt-3 text-base font-semibold">
            <span>Total</span>
            <span>{formatMoney(order.totalCents, order.currency)}</span>
          </div>
        </section>

        <section aria-labelledby="shipping-heading" className={`${card} h-fit p-5`}>
          <h2 id="shipping-heading" className="text-lg font-semibold">
            Shipping to
          </h2>
          <address className="mt-3 not-italic leading-relaxed text-stone-700">
            {/* In the order the destination country writes it (lib/shop/address.ts). */}
            {addressLines({
              name: order.shipName,
              line1: order.shipLine1,
              line2: order.shipLine2,
              city: order.shipCity,
              postalCode: order.shipPostalCode,
              country: order.shipCountry,
            }).map((line, index) => (
              <span key={index} className="block">
                {line}
              </span>
            ))}
          </address>
          <p className="mt-5 text-sm">
            <Link href="/" className={link}>
              Continue shopping
            </Link>
          </p>
        </section>
      </div>
    </>
  );
}
