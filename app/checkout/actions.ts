"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formFields, invalidInput, UNREADABLE_FORM, type FormState } from "@/lib/forms";
import { requireUser } from "@/lib/session/current";
import { checkoutSchema, placeOrder } from "@/lib/shop/checkout";
import { setOrderPlacedFlag } from "@/app/_lib/order-placed-cookie";

export async function placeOrderAction(_previous: FormState, formData: unknown): Promise<FormState> {
  // The page checked too, but an action is its own entry point: anyone can POST to it.
  const { user } = await requireUser("/checkout");

  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = checkoutSchema.safeParse(fields);
  if (!parsed.success) return invalidInput(parsed.error);

  const { idempotencyKey, ...shipping } = parsed.data;
  const result = await placeOrder({ userId: user.id, idempotencyKey, shipping });
  if (!result.ok) return { ok: false, message: result.message };

  // The cart is now empty. The shop's one invalidation (see app/actions/auth.ts): the
  // redirect's page comes with a fresh root layout, so the header's badge shows 0, and no
  // page the client router kept from before the order comes back with the old count.
  revalidatePath("/", "layout");
  // The order page says "Thank you" this once (app/_lib/order-placed-cookie.ts).
  await setOrderPlacedFlag(result.orderId);
  // Outside any try: redirect() works by throwing, and a catch would swallow it.
  redirect(`/orders/${result.orderId}`);
}
