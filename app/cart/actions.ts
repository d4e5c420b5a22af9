"use server";

import { refresh } from "next/cache";
import { notFound } from "next/navigation";
import { formFields, invalidInput, type FormState } from "@/lib/forms";
import { addToCart, addToCartSchema, removeLine, removeLineSchema, setQuantity, updateLineSchema } from "@/lib/shop/cart";
import { getProductBySlug } from "@/lib/shop/catalog";
import { getCartOwner, getOrCreateCartOwner } from "@/app/_lib/cart-owner";

// The cart's server actions: validate the form, resolve the owner from the session, hand
// over to lib/shop/cart. Each one ends with refresh() so the header's cart badge, rendered
// by the layout, shows the new count without a full reload.

const TOO_MANY_CARTS = "Too many new carts were started from your network in the last hour. Sign in, or try again later.";

export async function addToCartAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = addToCartSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalidInput(parsed.error);

  const product = await getProductBySlug(parsed.data.slug);
  if (!product) notFound();

  // Only now, with a real product and a valid quantity, may a guest session be created:
  // a stream of junk POSTs must not be able to fill the Session table.
  const owner = await getOrCreateCartOwner();
  if (!owner) return { ok: false, message: TOO_MANY_CARTS };
  const result = await addToCart(owner, product.id, parsed.data.quantity);
  refresh();
  return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.message };
}

export async function updateCartLineAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = updateLineSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalidInput(parsed.error, "Choose a quantity from 0 to 99.");

  const owner = await getCartOwner();
  if (!owner) return { ok: false, message: "Your cart is empty." };

  const result = await setQuantity(owner, parsed.data.itemId, parsed.data.quantity);
  refresh();
  return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.message };
}

export async function removeCartLineAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const parsed = removeLineSchema.safeParse(formFields(formData));
  if (!parsed.success) return { ok: false, message: "That item could not be found in your cart." };

  const owner = await getCartOwner();
  const removed = owner ? await removeLine(owner, parsed.data.itemId) : false;
  refresh();
  return removed ? { ok: true, message: "Removed from your cart." } : { ok: false, message: "That item was already removed." };
}
