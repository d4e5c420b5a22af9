import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { addToCart, getCart, getCartItemCount, mergeGuestCart, removeLine, setQuantity, type CartOwner } from "@/lib/shop/cart";
import { startUserSession } from "@/lib/auth/sign-in";
import { createSession } from "@/lib/session/store";
import { createUser, resetDatabase, seedProduct } from "./helpers/db";

const device = { ipAddress: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };

async function guest(): Promise<{ token: string; owner: { sessionId: string } }> {
  const { token, session } = await createSession({ userId: null, device });
  return { token, owner: { sessionId: session.id } };
}

function quantities(cart: Awaited<ReturnType<typeof getCart>>): Record<string, number> {
  return Object.fromEntries(cart.lines.map((line) => [line.slug, line.quantity]));
}

beforeEach(resetDatabase);

describe("a cart's owner", () => {
  it("gives a visitor without a session an empty cart and creates nothing", async () => {
    expect(await getCart(null)).toMatchObject({ lines: [], subtotalCents: 0, itemCount: 0 });
    expect(await getCartItemCount(null)).toBe(0);
    expect(await db.cart.count()).toBe(0);
  });

  it("keeps a guest's cart and a user's cart apart", async () => {
    const mug = await seedProduct({ slug: "mug", priceCents: 1250 });
    const { owner: guestOwner } = await guest();
    const user = await createUser();

    await addToCart(guestOwner, mug.id, 2);
    expect(await getCart({ userId: user.id })).toMatchObject({ lines: [] });
    expect(await getCart(guestOwner)).toMatchObject({ subtotalCents: 2500, itemCount: 2 });
  });

  it("cannot change or remove a line of someone else's cart, even with its id", async () => {
    const mug = await seedProduct({ slug: "mug" });
    const alice: CartOwner = { userId: (await createUser()).id };
    const mallory: CartOwner = { userId: (await createUser()).id };
    await addToCart(alice, mug.id, 1);
    const [line] = (await getCart(alice)).lines;

    expect(await setQuantity(mallory, line!.id, 5)).toMatchObject({ ok: false });
    expect(await removeLine(mallory, line!.id)).toBeNull();
    expect(quantities(await getCart(alice))).toEqual({ mug: 1 });
  });

  it("counts the header's badge for its owner only, as the cart itself counts", async () => {
    const mug = await seedProduct({ slug: "mug", stock: 50 });
    const tin = await seedProduct({ slug: "tin", stock: 50 });
    const { owner: guestOwner } = await guest();
    const alice: CartOwner = { userId: (await createUser()).id };
    const bob: CartOwner = { userId: (await createUser()).id };
    await addToCart(guestOwner, mug.id, 4);
    await addToCart(alice, mug.id, 2);
    await addToCart(alice, tin.id, 3);

    expect(await getCartItemCount(alice)).toBe(5);
    expect(await getCartItemCount(guestOwner)).toBe(4);
    expect(await getCartItemCount(bob)).toBe(0);
    expect(await getCartItemCount({ sessionId: "no such session" })).toBe(0);
    expect(await getCartItemCount(alice)).toBe((await getCart(alice)).itemCount);
  });

  it("removes a line of one's own cart once, and says what it held", async () => {
    const mug = await seedProduct({ slug: "mug", name: "Mug" });
    const owner: CartOwner = { userId: (await createUser()).id };
    await addToCart(owner, mug.id, 3);
    const [line] = (await getCart(owner)).lines;

    expect(await removeLine(owner, line!.id)).toEqual({ slug: "mug", name: "Mug", quantity: 3 });
    expect(await removeLine(owner, line!.id)).toBeNull();
    expect(await getCart(owner)).toMatchObject({ lines: [], itemCount: 0 });
  });

  it("refuses an owner with an empty id instead of matching every cart", async () => {
    await expect(getCart({ userId: "" })).rejects.toThrow();
  });
});

describe("adding and changing quantities", () => {
  it("caps a line at the stock and says so", async () => {
    const lamp = await seedProduct({ slug: "lamp", name: "Desk Lamp", stock: 3 });
    const owner = { userId: (await createUser()).id };

    expect(await addToCart(owner, lamp.id, 2)).toMatchObject({ ok: true, quantity: 2, limited: false });
    const capped = await addToCart(owner, lamp.id, 5);
    expect(capped).toMatchObject({ ok: true, quantity: 3, limited: true });
    expect(capped.message).toContain("Only 3 left");
    expect(await addToCart(owner, lamp.id, 1)).toMatchObject({ ok: false });
    expect(quantities(await getCart(owner))).toEqual({ lamp: 3 });
  });

  it("refuses a sold-out product with a clear message", async () => {
    const pen = await seedProduct({ slug: "pen", name: "Fountain Pen", stock: 0 });
    const owner = { userId: (await createUser()).id };
    expect(await addToCart(owner, pen.id, 1)).toEqual({ ok: false, message: "Sorry, Fountain Pen is sold out." });
    expect(await getCartItemCount(owner)).toBe(0);
  });

  it("sets a quantity, caps it at stock, and removes the line at 0", async () => {
    const tin = await seedProduct({ slug: "tin", stock: 4 });
    const owner = { userId: (await createUser()).id };
    await addToCart(owner, tin.id, 1);
    const [line] = (await getCart(owner)).lines;

    expect(await setQuantity(owner, line!.id, 2)).toMatchObject({ ok: true, quantity: 2, limited: false });
    expect(await setQuantity(owner, line!.id, 9)).toMatchObject({ ok: true, quantity: 4, limited: true });
    expect(await setQuantity(owner, line!.id, 0)).toMatchObject({ ok: true, quantity: 0, removed: { slug: "tin", quantity: 4 } });
    expect(await getCart(owner)).toMatchObject({ lines: [], itemCount: 0 });
  });
});

describe("merging the guest cart at sign-in", () => {
  it("adds the guest's lines to the user's cart, summing and capping at stock, then deletes the guest cart", async () => {
    const mug = await seedProduct({ slug: "mug", stock: 10 });
    const lamp = await seedProduct({ slug: "lamp", stock: 3 });
    const pen = await seedProduct({ slug: "pen", stock: 5 });
    const user = await createUser();
    const { owner: guestOwner } = await guest();

    await addToCart({ userId: user.id }, mug.id, 2);
    await addToCart({ userId: user.id }, lamp.id, 2);
    await addToCart(guestOwner, mug.id, 3);
    await addToCart(guestOwner, lamp.id, 3);
    await addToCart(guestOwner, pen.id, 1);

    const added = await db.$transaction((tx) => mergeGuestCart(tx, guestOwner.sessionId, user.id));

    expect(quantities(await getCart({ userId: user.id }))).toEqual({ mug: 5, lamp: 3, pen: 1 });
    // What was really added (3 mugs, 1 lamp up to its stock, 1 pen), not what was asked for.
    expect(added).toBe(5);
    expect(await db.cart.findUnique({ where: { sessionId: guestOwner.sessionId } })).toBeNull();
    expect(await db.cart.count()).toBe(1);
  });

  it("hands the whole guest cart to a user who has none, and it survives the guest session's deletion", async () => {
    const mug = await seedProduct({ slug: "mug" });
    const user = await createUser();
    const { token, owner: guestOwner } = await guest();
    await addToCart(guestOwner, mug.id, 2);

    // The real sign-in path: rotation merges, then deletes the guest session (and with it,
    // by cascade, any cart still attached to that session).
    const signedIn = await startUserSession(user, { previousToken: token, device });
    expect(signedIn.mergedItems).toBe(2);

    expect(await db.session.findUnique({ where: { id: guestOwner.sessionId } })).toBeNull();
    expect(quantities(await getCart({ userId: user.id }))).toEqual({ mug: 2 });
    expect(await getCart(guestOwner)).toMatchObject({ lines: [] });
  });

  it("is a no-op for a session without a cart", async () => {
    const user = await createUser();
    const { owner } = await guest();
    expect(await db.$transaction((tx) => mergeGuestCart(tx, owner.sessionId, user.id))).toBe(0);
    expect(await db.cart.count()).toBe(0);
  });
});
