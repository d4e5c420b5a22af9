import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { parseRecordId } from "@/lib/record-id";
import { AdminRefusal, adminTransaction, type AdminResult } from "./access";

// An order's life after checkout: PLACED, then SHIPPED, then DELIVERED; or CANCELLED
// while it has not shipped yet. Cancelling puts the ordered units back on the shelf in
// the same transaction, so stock and orders never disagree.

export type OrderStatus = "PLACED" | "SHIPPED" | "DELIVERED" | "CANCELLED";

/** The statuses an order in `status` may move to; none once it is delivered or cancelled. */
export function nextStatuses(status: string): OrderStatus[] {
  if (status === "PLACED") return ["SHIPPED", "CANCELLED"];
  if (status === "SHIPPED") return ["DELIVERED"];
  return [];
}

/** "SHIPPED" as people write it: "Shipped". */
export function statusLabel(status: string): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

/** A short, readable order number, the same as the customer's order pages show (app/_components/order-labels.tsx). */
function orderNumber(id: string): string {
  return `#${id.slice(-8).toUpperCase()}`;
}

export function parseOrderStatusChange(fields: Record<string, string>) {
  return z
    .object({
      orderId: z.string().refine((value) => parseRecordId(value) !== null, "That order could not be found."),
      status: z.enum(["PLACED", "SHIPPED", "DELIVERED", "CANCELLED"], { error: "Choose a status." }),
    })
    .safeParse(fields);
}

/** The orders page shows at most this many, newest first, and says so when there are more. */
export const ORDER_LIST_LIMIT = 50;

export type AdminOrder = {
  id: string;
  number: string;
  createdAt: Date;
  status: string;
  totalCents: number;
  currency: string;
  /** Only the email: the list needs no more of the customer's row. */
  user: { email: string };
  itemCount: number;
};

export async function listOrdersForAdmin(): Promise<{ orders: AdminOrder[]; total: number }> {
  const [total, rows] = await Promise.all([
    db.order.count(),
    db.order.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: ORDER_LIST_LIMIT,
      select: {
        id: true,
        createdAt: true,
        status: true,
        totalCents: true,
        currency: true,
        user: { select: { email: true } },
        // Stryker disable next-line ObjectLiteral: equivalent, an empty select reads every column, quantity among them; this one only narrows the read.
        items: { select: { quantity: true } },
      },
    }),
  ]);
  const orders = rows.map(({ items, ...order }) => ({
    ...order,
    number: orderNumber(order.id),
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
  }));
  return { total, orders };
}

export async function changeOrderStatus(adminId: string, input: { orderId: string; status: OrderStatus }): Promise<AdminResult> {
  return adminTransaction(adminId, "order_status_changed", async (tx) => {
    const order = await tx.order.findUnique({
      where: { id: input.orderId },
      // Stryker disable next-line ObjectLiteral: equivalent, an empty select reads every column, productId and quantity among them; this one only narrows the read.
      select: { id: true, status: true, items: { select: { productId: true, quantity: true } } },
    });
    if (!order) throw new AdminRefusal("That order could not be found.");
    const number = orderNumber(order.id);
    if (!nextStatuses(order.status).includes(input.status)) {
      throw new AdminRefusal(`Order ${number} is ${statusLabel(order.status)}; it cannot become ${statusLabel(input.status)}.`);
    }

    await tx.order.update({ where: { id: order.id }, data: { status: input.status } });
    let restocked = 0;
    if (input.status === "CANCELLED") {
      for (const item of order.items) {
        await tx.product.update({ where: { id: item.productId }, data: { stock: { increment: item.quantity } } });
        restocked += item.quantity;
      }
    }
    const restockedSentence = restocked === 1 ? " 1 item was put back in stock." : ` ${restocked} items were put back in stock.`;
    return {
      message: `Order ${number} is now ${statusLabel(input.status)}.${input.status === "CANCELLED" ? restockedSentence : ""}`,
      details: { orderId: order.id, from: order.status, to: input.status, restocked },
    };
  });
}
