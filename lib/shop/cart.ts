import "server-only";
import { z } from "zod";
import { db, readOnDriver, type Transaction } from "@/lib/db";
import { productSlugSchema } from "./catalog";
import { lineTotalCents, sumCents } from "./money";

// The cart rules. A cart has exactly one owner: a signed-in user, or a guest's session.
// Every function takes that owner explicitly and puts it in the query itself, so a cart
// line id from a form can only ever touch a line of the caller's own cart. No function
// here reads cookies: app/_lib/cart-owner.ts turns the current request into an owner.

export type CartOwner = { userId: string } | { sessionId: string };

/** Enough for any real order; stops a typo of 1000 from becoming a line of 1000. */
export const MAX_LINE_QUANTITY = 99;

export const addToCartSchema = z.object({
  slug: productSlugSchema,
  quantity: z.coerce
    .number({ error: "Enter a quantity." })
    .int("Choose a whole number.")
    .min(1, "Choose at least 1.")
    .max(MAX_LINE_QUANTITY, `Choose at most ${MAX_LINE_QUANTITY}.`),
});

export const updateLineSchema = z.object({
  itemId: z.string().min(1).max(64),
  // 0 is allowed here: setting a line to 0 removes it.
  quantity: z.coerce
    .number({ error: "Enter a quantity." })
    .int("Choose a whole number.")
    .min(0, "Choose 0 or more.")
    .max(MAX_LINE_QUANTITY, `Choose at most ${MAX_LINE_QUANTITY}.`),
});

export const removeLineSchema = z.object({ itemId: z.string().min(1).max(64) });

/**
 * The cart page's one form per line, told apart by the button pressed (its name="intent"):
 * Update, Remove, or Undo of the last removal (which puts that product back, like Add to
 * cart, within the same stock limits).
 */
export const cartChangeSchema = z.discriminatedUnion("intent", [
  updateLineSchema.extend({ intent: z.literal("update") }),
  removeLineSchema.extend({ intent: z.literal("remove") }),
  addToCartSchema.extend({ intent: z.literal("restore") }),
]);

export type CartLine = {
  id: string;
  productId: string;
  slug: string;
  name: string;
  image: string;
  unitPriceCents: number;
  currency: string;
  quantity: number;
  stock: number;
  lineTotalCents: number;
};

export type Cart = { lines: CartLine[]; subtotalCents: number; currency: string; itemCount: number };

/** What a removal took away: enough to name it and to put it back. */
export type RemovedLine = { slug: string; name: string; quantity: number };

/**
 * `limited`: the stock allowed less than was asked, so the quantity is not the one the
 * shopper chose. `removed`: the change took the line out of the cart.
 */
export type CartChange =
  | { ok: true; quantity: number; message: string; limited: boolean; removed?: RemovedLine }
  | { ok: false; message: string };

// The shop sells in one currency; this is the fallback for an empty cart.
const DEFAULT_CURRENCY = "USD";
const EMPTY_CART: Cart = { lines: [], subtotalCents: 0, currency: DEFAULT_CURRENCY, itemCount: 0 };

// Builds the owner filter from exactly one field. Prisma reads `{ userId: undefined }` as
// "no condition", which would match every cart in the table, so an empty id is a bug
// that must stop here rather than widen a query.
function ownerFilter(owner: CartOwner): { userId: string } | { sessionId: string } {
  if ("userId" in owner) return { userId: nonEmpty(owner.userId) };
  return { sessionId: nonEmpty(owner.sessionId) };
}

function nonEmpty(id: string): string {
  if (typeof id !== "string" || id.length === 0) throw new Error("Cart owner without an id");
  return id;
}

/** The owner's cart with prices and totals; no owner (a visitor without a session) is an empty cart. */
export async function getCart(owner: CartOwner | null): Promise<Cart> {
  if (!owner) return EMPTY_CART;
  const cart = await db.cart.findUnique({
    where: ownerFilter(owner),
    include: { items: { include: { product: true }, orderBy: { product: { name: "asc" } } } },
  });
  if (!cart || cart.items.length === 0) return EMPTY_CART;

  const lines: CartLine[] = cart.items.map(({ id, quantity, product }) => ({
    id,
    productId: product.id,
    slug: product.slug,
    name: product.name,
    image: product.image,
    unitPriceCents: product.priceCents,
    currency: product.currency,
    quantity,
    stock: product.stock,
    lineTotalCents: lineTotalCents(product.priceCents, quantity),
  }));
  return {
    lines,
    subtotalCents: sumCents(lines.map((line) => line.lineTotalCents)),
    currency: lines[0]?.currency ?? DEFAULT_CURRENCY,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
  };
}

const CART_ITEM_COUNT = `SELECT COALESCE(SUM(i."quantity"), 0) AS "count" FROM "CartItem" i JOIN "Cart" c ON c."id" = i."cartId" WHERE`;

/** Number of items for the header badge: one small query, no product data. */
export async function getCartItemCount(owner: CartOwner | null): Promise<number> {
  if (!owner) return 0;
  // Every page's header asks this, so it is read on the driver, like the session lookup
  // (lib/db.ts, readOnDriver): through Prisma it cost more than the rest of the page's data.
  const [row] =
    "userId" in owner
      ? await readOnDriver<{ count: number | string }>("cart-count-user", `${CART_ITEM_COUNT} c."userId" = ?`, [owner.userId])
      : await readOnDriver<{ count: number | string }>("cart-count-session", `${CART_ITEM_COUNT} c."sessionId" = ?`, [owner.sessionId]);
  // PostgreSQL's SUM is a bigint, which node-postgres hands over as text.
  return Number(row!.count);
}


export async function addToCart(owner: CartOwner, productId: string, quantity: number): Promise<CartChange> {
  return db.$transaction(async (tx) => {
    const product = await tx.product.findUnique({ where: { id: productId }, select: { name: true, stock: true } });
    if (!product) return { ok: false, message: "This product is no longer available." };
    if (product.stock <= 0) return { ok: false, message: `Sorry, ${product.name} is sold out.` };

    const where = ownerFilter(owner);
    const cart = await tx.cart.upsert({ where, create: where, update: {}, select: { id: true } });
    const key = { cartId_productId: { cartId: cart.id, productId } };
    const existing = (await tx.cartItem.findUnique({ where: key, select: { quantity: true } }))?.quantity ?? 0;

    const limit = Math.min(product.stock, MAX_LINE_QUANTITY);
    if (existing >= limit) {
      return { ok: false, message: `Only ${product.stock} left of ${product.name}, and all of them are already in your cart.` };
    }
    const next = Math.min(existing + quantity, limit);
    await tx.cartItem.upsert({ where: key, create: { cartId: cart.id, productId, quantity: next }, update: { quantity: next } });

    const limited = next < existing + quantity;
    return {
      ok: true,
      quantity: next,
      limited,
      message: limited ? `Only ${product.stock} left of ${product.name}; your cart now holds ${next}.` : "Added to cart.",
    };
  });
}

/** Sets a line's quantity (capped at stock); 0 removes the line. */
export async function setQuantity(owner: CartOwner, itemId: string, quantity: number): Promise<CartChange> {
  return db.$transaction(async (tx) => {
    const line = await tx.cartItem.findFirst({
      where: { id: itemId, cart: ownerFilter(owner) },
      select: { id: true, quantity: true, product: { select: { slug: true, name: true, stock: true } } },
    });
    if (!line) return { ok: false, message: "That item is no longer in your cart." };
    const { slug, name, stock } = line.product;

    if (quantity === 0) {
      await tx.cartItem.delete({ where: { id: line.id } });
      return { ok: true, quantity: 0, limited: false, message: `Removed ${name} from your cart.`, removed: { slug, name, quantity: line.quantity } };
    }
    if (stock <= 0) return { ok: false, message: `Sorry, ${name} is sold out. Remove it to check out.` };

    const next = Math.min(quantity, stock, MAX_LINE_QUANTITY);
    await tx.cartItem.update({ where: { id: line.id }, data: { quantity: next } });
    const limited = next < quantity;
    return {
      ok: true,
      quantity: next,
      limited,
      message: limited ? `Only ${stock} left of ${name}; quantity set to ${next}.` : "Cart updated.",
    };
  });
}

/**
 * Removes a line and says what it held, for the confirmation and its Undo; null when it
 * was not in this owner's cart (already gone, or not theirs).
 */
export async function removeLine(owner: CartOwner, itemId: string): Promise<RemovedLine | null> {
  return db.$transaction(async (tx) => {
    const where = { id: itemId, cart: ownerFilter(owner) };
    const line = await tx.cartItem.findFirst({ where, select: { quantity: true, product: { select: { slug: true, name: true } } } });
    if (!line) return null;
    // The owner stays in the delete itself: the line must still be this cart's when it goes.
    const { count } = await tx.cartItem.deleteMany({ where });
    return count === 1 ? { slug: line.product.slug, name: line.product.name, quantity: line.quantity } : null;
  });
}

/**
 * Sign-in carries the guest's cart over to the user. Runs inside the session rotation's
 * transaction, before the guest session (and, by cascade, its cart) is deleted. Returns
 * how many items were added, so the user can be told: a cart planted by someone else's
 * cookie must not be merged silently.
 */
export async function mergeGuestCart(tx: Transaction, guestSessionId: string, userId: string): Promise<number> {
  const guestCart = await tx.cart.findUnique({
    where: ownerFilter({ sessionId: guestSessionId }),
    select: { id: true, items: { select: { productId: true, quantity: true, product: { select: { stock: true } } } } },
  });
  if (!guestCart) return 0;

  const userCart = await tx.cart.findUnique({ where: ownerFilter({ userId }), select: { id: true } });
  if (!userCart) {
    // Re-own the cart. Clearing sessionId matters: the cart would otherwise be deleted
    // together with the guest session a moment later.
    await tx.cart.update({ where: { id: guestCart.id }, data: { userId, sessionId: null } });
    return guestCart.items.reduce((sum, item) => sum + item.quantity, 0);
  }

  let added = 0;
  for (const item of guestCart.items) {
    const key = { cartId_productId: { cartId: userCart.id, productId: item.productId } };
    const existing = (await tx.cartItem.findUnique({ where: key, select: { quantity: true } }))?.quantity ?? 0;
    // Add up to the stock, but never lower what the user already had in their own cart.
    const merged = Math.max(existing, Math.min(existing + item.quantity, item.product.stock, MAX_LINE_QUANTITY));
    if (merged === existing) continue;
    await tx.cartItem.upsert({ where: key, create: { ...key.cartId_productId, quantity: merged }, update: { quantity: merged } });
    added += merged - existing;
  }
  await tx.cart.delete({ where: { id: guestCart.id } });
  return added;
}
