import type { Metadata } from "next";
import { DateTime } from "@/app/_components/date-time";
import { OrderStatus } from "@/app/_components/order-labels";
import { card, pageTitle } from "@/app/_components/styles";
import { listOrdersForAdmin, nextStatuses, ORDER_LIST_LIMIT, statusLabel } from "@/lib/admin/orders";
import { requireAdmin } from "@/lib/auth/step-up";
import { formatMoney } from "@/lib/shop/money";
import { AdminNav } from "../_components/admin-nav";
import { OrderStatusForm } from "./order-status-form";

export const metadata: Metadata = { title: "Orders" };

export default async function AdminOrdersPage() {
  await requireAdmin("/admin/orders");
  const { orders, total } = await listOrdersForAdmin();

  return (
    <>
      <h1 className={`${pageTitle} mb-4`}>Orders</h1>
      <AdminNav current="/admin/orders" />
      <p className="mb-4 text-sm text-stone-600">
        {total > orders.length
          ? `Showing the ${ORDER_LIST_LIMIT} newest of ${total} orders.`
          : `${total} ${total === 1 ? "order" : "orders"}, newest first.`}{" "}
        Placed orders can be shipped or cancelled (which puts their items back in stock); shipped orders can be delivered.
      </p>
      {orders.length > 0 && (
        <ul aria-label="Orders" className={`${card} divide-y divide-stone-200`}>
          {orders.map((order) => {
            const label = `Order ${order.number}`;
            const options = nextStatuses(order.status).map((status) => ({ value: status, label: statusLabel(status) }));
            return (
              <li key={order.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start">
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold text-stone-900">{label}</span>
                    <OrderStatus status={order.status} />
                  </p>
                  <p className="text-sm text-stone-600">
                    <span className="break-all">{order.user.email}</span> · <DateTime date={order.createdAt} /> ·{" "}
                    {order.itemCount} {order.itemCount === 1 ? "item" : "items"} ·{" "}
                    <span className="font-medium text-stone-900">{formatMoney(order.totalCents, order.currency)}</span>
                  </p>
                </div>
                <OrderStatusForm orderId={order.id} orderLabel={label} options={options} />
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
