import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { addToCart, getCart } from "@/lib/shop/cart";
import { placeOrder, shippingSchema, type ShippingAddress } from "@/lib/shop/checkout";
import { getOrderForUser, listOrdersForUser } from "@/lib/shop/orders";
import { createUser, resetDatabase, seedProduct } from "./helpers/db";

const shipping: ShippingAddress = {
  name: "Ada Lovelace",
  line1: "12 St James's Square",
  city: "London",
  postalCode: "SW1Y 4JH",
  country: "United Kingdom",
};

async function stockOf(productId: string): Promise<number> {
  return (await db.product.findUniqueOrThrow({ where: { id: productId } })).stock;
}

beforeEach(resetDatabase);

describe("placing an order", () => {
  it("takes the stock, copies names and prices, and empties the cart", async () => {
    const mug = await seedProduct({ name: "Mug", priceCents: 2400, stock: 5 });
    const user = await createUser();
    await addToCart({ userId: user.id }, mug.id, 2);

    const result = await placeOrder({ userId: user.id, idempotencyKey: randomUUID(), shipping });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    expect(await stockOf(mug.id)).toBe(3);
    expect((await getCart({ userId: user.id })).lines).toEqual([]);
    const order = await getOrderForUser(result.orderId, user.id);
    expect(order).toMatchObject({ totalCents: 4800, currency: "USD", shipName: "Ada Lovelace", shipLine2: null });
    expect(order?.items).toMatchObject([{ name: "Mug", unitPriceCents: 2400, quantity: 2 }]);

    // Later catalog changes do not rewrite what was paid.
    await db.product.update({ where: { id: mug.id }, data: { name: "Renamed", priceCents: 9900 } });
    expect((await getOrderForUser(result.orderId, user.id))?.items[0]).toMatchObject({ name: "Mug", unitPriceCents: 2400 });
  });

  it("refuses an empty cart", async () => {
    const user = await createUser();
    expect(await placeOrder({ userId: user.id, idempotencyKey: randomUUID(), shipping })).toEqual({
      ok: false,
      message: "Your cart is empty.",
    });
    expect(await db.order.count()).toBe(0);
  });

  it("refuses when stock ran short and leaves stock, cart and orders untouched", async () => {
    const mug = await seedProduct({ name: "Mug", stock: 10 });
    const lamp = await seedProduct({ name: "Lamp", stock: 3 });
    const user = await createUser();
    await addToCart({ userId: user.id }, mug.id, 2);
    await addToCart({ userId: user.id }, lamp.id, 3);
    // Someone else bought two lamps after this cart was filled.
    await db.product.update({ where: { id: lamp.id }, data: { stock: 1 } });

    const result = await placeOrder({ userId: user.id, idempotencyKey: randomUUID(), shipping });

    expect(result).toEqual({ ok: false, message: "Only 1 left of Lamp. Lower the quantity in your cart to continue." });
    // The mug's decrement ran before the lamp failed; the rollback must have undone it.
    expect(await stockOf(mug.id)).toBe(10);
    expect(await stockOf(lamp.id)).toBe(1);
    expect((await getCart({ userId: user.id })).itemCount).toBe(5);
    expect(await db.order.count()).toBe(0);
  });

  it("sells the last unit once when two buyers check out at the same moment", async () => {
    const pen = await seedProduct({ name: "Pen", stock: 1 });
    const [alice, bob] = [await createUser(), await createUser()];
    await addToCart({ userId: alice.id }, pen.id, 1);
    await addToCart({ userId: bob.id }, pen.id, 1);

    const results = await Promise.all([
      placeOrder({ userId: alice.id, idempotencyKey: randomUUID(), shipping }),
      placeOrder({ userId: bob.id, idempotencyKey: randomUUID(), shipping }),
    ]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toMatchObject({ message: expect.stringContaining("Pen has just sold out") });
    expect(await stockOf(pen.id)).toBe(0);
    expect(await db.order.count()).toBe(1);
  });

  it("creates one order for two submits of the same form, even at the same time", async () => {
    const mug = await seedProduct({ stock: 10 });
    const user = await createUser();
    await addToCart({ userId: user.id }, mug.id, 1);
    const idempotencyKey = randomUUID();

    const [first, second] = await Promise.all([
      placeOrder({ userId: user.id, idempotencyKey, shipping }),
      placeOrder({ userId: user.id, idempotencyKey, shipping }),
    ]);
    const third = await placeOrder({ userId: user.id, idempotencyKey, shipping });

    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await db.order.count()).toBe(1);
    expect(await stockOf(mug.id)).toBe(9);
  });

  it("sells one cart once when two tabs check it out at the same moment", async () => {
    const mug = await seedProduct({ stock: 10 });
    const user = await createUser();
    await addToCart({ userId: user.id }, mug.id, 2);

    const results = await Promise.all([
      placeOrder({ userId: user.id, idempotencyKey: randomUUID(), shipping }),
      placeOrder({ userId: user.id, idempotencyKey: randomUUID(), shipping }),
    ]);

    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await db.order.count()).toBe(1);
    expect(await stockOf(mug.id)).toBe(8);
  });
});

describe("reading orders back", () => {
  it("never returns another user's order, even by its exact id", async () => {
    const mug = await seedProduct({ stock: 5 });
    const [alice, mallory] = [await createUser(), await createUser()];
    await addToCart({ userId: alice.id }, mug.id, 1);
    const result = await placeOrder({ userId: alice.id, idempotencyKey: randomUUID(), shipping });
    if (!result.ok) throw new Error(result.message);

    expect(await getOrderForUser(result.orderId, alice.id)).not.toBeNull();
    expect(await getOrderForUser(result.orderId, mallory.id)).toBeNull();
    expect(await listOrdersForUser(mallory.id)).toEqual([]);
    expect(await listOrdersForUser(alice.id)).toMatchObject([{ id: result.orderId, itemCount: 1 }]);
  });

  it("treats a malformed id as not found without asking the database", async () => {
    const user = await createUser();
    const lookups = vi.spyOn(db.order, "findUnique");
    try {
      for (const id of ["../../etc/passwd", "", "x".repeat(65), "' OR 1=1--"]) expect(await getOrderForUser(id, user.id)).toBeNull();
      expect(lookups).not.toHaveBeenCalled();
      // Control: a well-formed id is looked up (and, being unknown, not found).
      expect(await getOrderForUser("clzzzzzzzzzzzzzzzzzzzzzzz", user.id)).toBeNull();
      expect(lookups).toHaveBeenCalledOnce();
    } finally {
      lookups.mockRestore();
    }
  });
});

describe("the shipping form", () => {
  it("trims fields, turns an empty second line into none, and rejects blanks", () => {
    const parsed = shippingSchema.safeParse({ ...shipping, name: "  Ada  ", line2: "" });
    expect(parsed.success && parsed.data).toMatchObject({ name: "Ada", line2: undefined });

    const blank = shippingSchema.safeParse({ ...shipping, city: "   " });
    expect(blank.success).toBe(false);
    expect(blank.error?.issues[0]?.path).toEqual(["city"]);
  });
});
