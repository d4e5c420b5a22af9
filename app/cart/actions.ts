"use server";

import { revalidatePath } from "next/cache";
import { formFields, invalidInput, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { addToCart, addToCartSchema, removeLine, removeLineSchema, setQuantity, updateLineSchema } from "@/lib/shop/cart";
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
  return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.message };
}

export async function updateCartLineAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = updateLineSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error, "Choose a quantity from 0 to 99.");

  const owner = await getCartOwner();
  if (!owner) return { ok: false, message: "Your cart is empty." };

  const result = await setQuantity(owner, parsed.data.itemId, parsed.data.quantity);
  revalidatePath("/", "layout");
  return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.message };
}

export async function removeCartLineAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = removeLineSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, message: "That item could not be found in your cart." };

  const owner = await getCartOwner();
  const removed = owner ? await removeLine(owner, parsed.data.itemId) : false;
  revalidatePath("/", "layout");
  return removed ? { ok: true, message: "Removed from your cart." } : { ok: false, message: "That item was already removed." };
}
