import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "@/app/_components/date-time";
import { OrderStatus, orderNumber } from "@/app/_components/order-labels";
import { button, card, pageTitle } from "@/app/_components/styles";
import { requireUser } from "@/lib/session/current";
import { formatMoney } from "@/lib/shop/money";
import { listOrdersForUser } from "@/lib/shop/orders";

export const metadata: Metadata = { title: "Your orders" };

export default async function OrdersPage() {
  const { user } = await requireUser("/orders");
  const orders = await listOrdersForUser(user.id);

  return (
    <>
      <h1 className={`${pageTitle} mb-6`}>Your orders</h1>
      {orders.length === 0 ? (
        <div className={`${card} px-6 py-12 text-center`}>
          <p className="text-stone-600">You have not placed an order yet.</p>
          <Link href="/" className={`${button()} mt-6`}>
            Start shopping
          </Link>
        </div>
      ) : (
        <ul aria-label="Orders" className={`${card} divide-y divide-stone-200`}>
          {orders.map((order) => (
            <li key={order.id} className="relative flex flex-wrap items-center gap-x-6 gap-y-1 p-4 hover:bg-stone-50 sm:p-5">
              <div className="min-w-0 flex-1">
                <Link href={`/orders/${order.id}`} className="font-semibold text-stone-900 after:absolute after:inset-0">
                  Order {orderNumber(order.id)}
                </Link>
                <p className="text-sm text-stone-600">
                  Placed <DateTime date={order.createdAt} /> · {order.itemCount} {order.itemCount === 1 ? "item" : "items"}
                </p>
              </div>
              <OrderStatus status={order.status} />
              <p className="w-24 text-right font-semibold">{formatMoney(order.totalCents, order.currency)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
