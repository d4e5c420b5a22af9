import "server-only";
import { db } from "@/lib/db";
import { parseRecordId } from "@/lib/record-id";

// Reading orders back. Every query names the user: an order id alone, even a correct one
// copied from someone else's URL, never finds an order.


export type OrderSummary = {
  id: string;
  createdAt: Date;
  status: string;
  totalCents: number;
  currency: string;
  itemCount: number;
};

export async function listOrdersForUser(userId: string): Promise<OrderSummary[]> {
  const orders = await db.order.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, status: true, totalCents: true, currency: true, items: { select: { quantity: true } } },
  });
  return orders.map(({ items, ...order }) => ({
    ...order,
    itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
  }));
}

/** The order if it exists and belongs to this user; null otherwise (the page answers 404 either way). */
export async function getOrderForUser(orderId: string, userId: string) {
  if (!parseRecordId(orderId)) return null;
  return db.order.findUnique({
    // The owner is part of the lookup, not a comparison made after fetching.
    where: { id: orderId, userId },
    include: {
      items: {
        orderBy: { name: "asc" },
        // Name and price come from the order line (what was paid); slug and image from
        // the product, only to link back to it and show its picture.
        include: { product: { select: { slug: true, image: true } } },
      },
    },
  });
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrderForUser>>>;
