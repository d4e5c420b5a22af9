import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { changeOrderStatus, listOrdersForAdmin, nextStatuses, ORDER_LIST_LIMIT, parseOrderStatusChange, statusLabel } from "@/lib/admin/orders";
import { addToCart } from "@/lib/shop/cart";
import { placeOrder } from "@/lib/shop/checkout";
import { createUser, resetDatabase, seedProduct } from "./helpers/db";
import { createAdmin } from "./helpers/admin";

// An order's status after checkout: PLACED -> SHIPPED -> DELIVERED, or PLACED -> CANCELLED,
// and nothing else. Cancelling puts the units back in stock in the same transaction.

const shipping = { name: "Ada", line1: "1 Road", city: "Town", postalCode: "12345", country: "Land" };

beforeEach(resetDatabase);
afterEach(() => vi.restoreAllMocks());

async function stockOf(productId: string): Promise<number> {
  return (await db.product.findUniqueOrThrow({ where: { id: productId } })).stock;
}

async function statusOf(orderId: string): Promise<string> {
  return (await db.order.findUniqueOrThrow({ where: { id: orderId } })).status;
}

/** A real order, placed through checkout: 2 mugs and 1 lamp. */
async function placedOrder() {
  const mug = await seedProduct({ name: "Mug", priceCents: 1000, stock: 10 });
  const lamp = await seedProduct({ name: "Lamp", priceCents: 2500, stock: 5 });
  const customer = await createUser({ email: `buyer-${randomUUID()}@example.test` });
  await addToCart({ userId: customer.id }, mug.id, 2);
  await addToCart({ userId: customer.id }, lamp.id, 1);
  const placed = await placeOrder({ userId: customer.id, idempotencyKey: randomUUID(), shipping });
  if (!placed.ok) throw new Error(placed.message);
  const number = `#${placed.orderId.slice(-8).toUpperCase()}`;
  return { orderId: placed.orderId, number, mug, lamp, customer };
}

describe("the allowed transitions", () => {
  it("are PLACED to SHIPPED or CANCELLED, SHIPPED to DELIVERED, and none after", () => {
    expect(nextStatuses("PLACED")).toEqual(["SHIPPED", "CANCELLED"]);
    expect(nextStatuses("SHIPPED")).toEqual(["DELIVERED"]);
    expect(nextStatuses("DELIVERED")).toEqual([]);
    expect(nextStatuses("CANCELLED")).toEqual([]);
    expect(nextStatuses("SOMETHING")).toEqual([]);
    expect(statusLabel("CANCELLED")).toBe("Cancelled");
  });

  it("the form takes an order id and one of the four statuses", () => {
    for (const status of ["PLACED", "SHIPPED", "DELIVERED", "CANCELLED"]) {
      expect(parseOrderStatusChange({ orderId: "cmorder1", status }).data).toEqual({ orderId: "cmorder1", status });
    }
    expect(parseOrderStatusChange({ orderId: "cmorder1", status: "shipped" }).success).toBe(false);
    expect(parseOrderStatusChange({ orderId: "cmorder1", status: "LOST" }).error?.issues[0]?.message).toBe("Choose a status.");
    expect(parseOrderStatusChange({ orderId: "a b", status: "SHIPPED" }).error?.issues[0]?.message).toBe("That order could not be found.");
  });
});

describe("changing an order's status", () => {
  it("ships, then delivers, leaving stock alone", async () => {
    const admin = await createAdmin();
    const { orderId, number, mug } = await placedOrder();
    const logged = vi.spyOn(log, "info");

    expect(await changeOrderStatus(admin.id, { orderId, status: "SHIPPED" })).toEqual({ ok: true, message: `Order ${number} is now Shipped.` });
    expect(await statusOf(orderId)).toBe("SHIPPED");
    expect(await changeOrderStatus(admin.id, { orderId, status: "DELIVERED" })).toEqual({ ok: true, message: `Order ${number} is now Delivered.` });
    expect(await statusOf(orderId)).toBe("DELIVERED");
    expect(await stockOf(mug.id)).toBe(8);
    expect(logged).toHaveBeenCalledWith(
      { event: "admin_change", action: "order_status_changed", adminId: admin.id, orderId, from: "PLACED", to: "SHIPPED", restocked: 0 },
      "admin change",
    );
  });

  it("cancelling a placed order puts every unit back in stock", async () => {
    const admin = await createAdmin();
    const { orderId, number, mug, lamp } = await placedOrder();
    const bystander = await seedProduct({ stock: 7 });
    expect([await stockOf(mug.id), await stockOf(lamp.id)]).toEqual([8, 4]);

    expect(await changeOrderStatus(admin.id, { orderId, status: "CANCELLED" })).toEqual({
      ok: true,
      message: `Order ${number} is now Cancelled. 3 items were put back in stock.`,
    });
    expect(await statusOf(orderId)).toBe("CANCELLED");
    expect([await stockOf(mug.id), await stockOf(lamp.id), await stockOf(bystander.id)]).toEqual([10, 5, 7]);
  });

  it("a cancelled single unit is said in the singular", async () => {
    const admin = await createAdmin();
    const cup = await seedProduct({ stock: 1 });
    const customer = await createUser();
    await addToCart({ userId: customer.id }, cup.id, 1);
    const placed = await placeOrder({ userId: customer.id, idempotencyKey: randomUUID(), shipping });
    if (!placed.ok) throw new Error(placed.message);
    const result = await changeOrderStatus(admin.id, { orderId: placed.orderId, status: "CANCELLED" });
    expect(result.message).toMatch(/is now Cancelled\. 1 item was put back in stock\.$/);
    expect(await stockOf(cup.id)).toBe(1);
  });

  it("refuses every other transition, changing neither status nor stock", async () => {
    const admin = await createAdmin();
    const { orderId, number, mug } = await placedOrder();
    const refused = async (status: "PLACED" | "SHIPPED" | "DELIVERED" | "CANCELLED", from: string) =>
      expect(await changeOrderStatus(admin.id, { orderId, status })).toEqual({
        ok: false,
        message: `Order ${number} is ${from}; it cannot become ${statusLabel(status)}.`,
      });

    await refused("PLACED", "Placed");
    await refused("DELIVERED", "Placed");
    await changeOrderStatus(admin.id, { orderId, status: "SHIPPED" });
    await refused("CANCELLED", "Shipped");
    await refused("PLACED", "Shipped");
    await refused("SHIPPED", "Shipped");
    await changeOrderStatus(admin.id, { orderId, status: "DELIVERED" });
    for (const status of ["PLACED", "SHIPPED", "CANCELLED", "DELIVERED"] as const) await refused(status, "Delivered");
    expect(await statusOf(orderId)).toBe("DELIVERED");
    expect(await stockOf(mug.id)).toBe(8);
  });

  it("a cancelled order cannot be cancelled again to restock twice", async () => {
    const admin = await createAdmin();
    const { orderId, number, mug } = await placedOrder();
    await changeOrderStatus(admin.id, { orderId, status: "CANCELLED" });
    expect(await changeOrderStatus(admin.id, { orderId, status: "CANCELLED" })).toEqual({
      ok: false,
      message: `Order ${number} is Cancelled; it cannot become Cancelled.`,
    });
    expect((await changeOrderStatus(admin.id, { orderId, status: "SHIPPED" })).ok).toBe(false);
    expect(await stockOf(mug.id)).toBe(10);
  });

  it("refuses an unknown order and a non-admin", async () => {
    const admin = await createAdmin();
    const { orderId, customer } = await placedOrder();
    expect(await changeOrderStatus(admin.id, { orderId: "unknown", status: "SHIPPED" })).toEqual({ ok: false, message: "That order could not be found." });
    expect(await changeOrderStatus(customer.id, { orderId, status: "CANCELLED" })).toEqual({ ok: false, message: "Only an admin can do that." });
    expect(await statusOf(orderId)).toBe("PLACED");
  });
});

describe("the order list", () => {
  it("shows orders newest first with the customer's email, total, status and item count", async () => {
    const first = await placedOrder();
    const second = await placedOrder();
    await db.order.update({ where: { id: first.orderId }, data: { createdAt: new Date("2030-01-01T00:00:00Z") } });
    await db.order.update({ where: { id: second.orderId }, data: { createdAt: new Date("2030-01-02T00:00:00Z") } });

    const { orders, total } = await listOrdersForAdmin();
    expect(total).toBe(2);
    expect(orders).toEqual([
      {
        id: second.orderId,
        number: second.number,
        createdAt: new Date("2030-01-02T00:00:00Z"),
        status: "PLACED",
        totalCents: 4500,
        currency: "USD",
        user: { email: second.customer.email },
        itemCount: 3,
      },
      expect.objectContaining({ id: first.orderId, user: { email: first.customer.email } }),
    ]);
  });

  it("orders by the time of the order, not by id, and by id only between equal times", async () => {
    const [a, b, c] = [await placedOrder(), await placedOrder(), await placedOrder()];
    await db.order.update({ where: { id: a.orderId }, data: { createdAt: new Date("2031-01-01T00:00:00Z") } });
    await db.order.update({ where: { id: b.orderId }, data: { createdAt: new Date("2030-01-01T00:00:00Z") } });
    await db.order.update({ where: { id: c.orderId }, data: { createdAt: new Date("2029-01-01T00:00:00Z") } });
    expect((await listOrdersForAdmin()).orders.map((o) => o.id)).toEqual([a.orderId, b.orderId, c.orderId]);

    await db.order.updateMany({ data: { createdAt: new Date("2030-06-01T00:00:00Z") } });
    expect((await listOrdersForAdmin()).orders.map((o) => o.id)).toEqual([a.orderId, b.orderId, c.orderId].sort().reverse());
  });

  it(`shows at most ${ORDER_LIST_LIMIT}, the newest, and gives the full count`, async () => {
    const customer = await createUser();
    const start = Date.UTC(2030, 0, 1);
    await db.order.createMany({
      data: Array.from({ length: ORDER_LIST_LIMIT + 1 }, (_, index) => ({
        userId: customer.id,
        idempotencyKey: `key-${index}`,
        totalCents: index,
        currency: "USD",
        shipName: "A",
        shipLine1: "B",
        shipCity: "C",
        shipPostalCode: "12345",
        shipCountry: "D",
        createdAt: new Date(start + index * 60_000),
      })),
    });
    const { orders, total } = await listOrdersForAdmin();
    expect(total).toBe(ORDER_LIST_LIMIT + 1);
    expect(orders).toHaveLength(ORDER_LIST_LIMIT);
    expect(orders[0]?.totalCents).toBe(ORDER_LIST_LIMIT);
    expect(orders.at(-1)?.totalCents).toBe(1);
  });
});
