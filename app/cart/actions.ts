"use server";

import { revalidatePath } from "next/cache";
import { formFields, invalidInput, UNREADABLE_FORM, type ActionResult, type FormState } from "@/lib/forms";
import { addToCart, addToCartSchema, cartChangeSchema, removeLine, setQuantity, type RemovedLine } from "@/lib/shop/cart";
import { getProductBySlug } from "@/lib/shop/catalog";
import { getCartOwner, getOrCreateCartOwner } from "@/app/_lib/cart-owner";

// The cart's server actions: validate the form, resolve the owner from the session, hand
// over to lib/shop/cart. Each one that changes the cart ends with the shop's one
// invalidation, revalidatePath("/", "layout") (see app/actions/auth.ts): the header's cart
// badge, rendered by the root layout, shows the new count without a full reload.

const TOO_MANY_CARTS = "Too many new carts were started from your network in the last hour. Sign in, or try again later.";

export async function addToCartAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = addToCartSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  // A stale page or an edited form: an expected failure, answered where the form can show it.
  const product = await getProductBySlug(parsed.data.slug);
  if (!product) return { ok: false, message: "This product is no longer available." };

  // Only now, with a real product and a valid quantity, may a guest session be created:
  // a stream of junk POSTs must not be able to fill the Session table.
  const owner = await getOrCreateCartOwner();
  if (!owner) return { ok: false, message: TOO_MANY_CARTS };
  const result = await addToCart(owner, product.id, parsed.data.quantity);
  revalidatePath("/", "layout");
  if (!result.ok) return { ok: false, message: result.message };
  return { ok: true, message: result.message, warning: result.limited };
}

/** The cart page's result: `itemId` ties it to the line whose form was sent; `removed` offers an Undo. */
export type CartFormState = (ActionResult & { itemId?: string; removed?: RemovedLine }) | null;

// One action behind every form of the cart page (Update, Remove, Undo): the cart keeps a
// single result, so a new change always replaces what the last one said, wherever on the
// page that was ("Cart updated." on one line does not outlive the removal of another).
export async function changeCartAction(_previous: CartFormState, formData: unknown): Promise<CartFormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = cartChangeSchema.safeParse(fields);
  if (!parsed.success) {
    switch (fields.intent) {
      case "update":
        // The id only finds the line whose field to mark; it is compared, never trusted.
        return { ...invalidInput(parsed.error, "Choose a quantity from 0 to 99."), itemId: fields.itemId?.slice(0, 64) };
      case "remove":
        return { ok: false, message: "That item could not be found in your cart." };
      case "restore":
        return { ok: false, message: "This product is no longer available." };
      default:
        return UNREADABLE_FORM;
    }
  }
  const change = parsed.data;

  if (change.intent === "restore") {
    // Undo is Add to cart again: the same lookup, the same stock limits, the same session
    // rule (a guest whose session ended meanwhile starts a new one only here).
    const product = await getProductBySlug(change.slug);
    if (!product) return { ok: false, message: "This product is no longer available." };
    const owner = await getOrCreateCartOwner();
    if (!owner) return { ok: false, message: TOO_MANY_CARTS };
    const result = await addToCart(owner, product.id, change.quantity);
    revalidatePath("/", "layout");
    if (!result.ok) return { ok: false, message: result.message };
    return result.limited ? { ok: true, message: result.message, warning: true } : { ok: true, message: `${product.name} is back in your cart.` };
  }

  const owner = await getCartOwner();
  if (change.intent === "remove") {
    const removed = owner ? await removeLine(owner, change.itemId) : null;
    revalidatePath("/", "layout");
    return removed ? { ok: true, message: `Removed ${removed.name} from your cart.`, removed } : { ok: false, message: "That item was already removed." };
  }

  if (!owner) return { ok: false, message: "Your cart is empty.", itemId: change.itemId };
  const result = await setQuantity(owner, change.itemId, change.quantity);
  revalidatePath("/", "layout");
  if (!result.ok) return { ok: false, message: result.message, itemId: change.itemId };
  // Quantity 0 removed the line: say so where the line was, with the same Undo as Remove.
  if (result.removed) return { ok: true, message: result.message, removed: result.removed };
  return { ok: true, message: result.message, warning: result.limited, itemId: change.itemId };
}
