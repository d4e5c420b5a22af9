"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formFields, invalidInput, type FormState } from "@/lib/forms";
import { requireUser } from "@/lib/session/current";
import { checkoutSchema, placeOrder } from "@/lib/shop/checkout";

export async function placeOrderAction(_previous: FormState, formData: FormData): Promise<FormState> {
  // The page checked too, but an action is its own entry point: anyone can POST to it.
  const { user } = await requireUser("/checkout");

  const parsed = checkoutSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalidInput(parsed.error);

  const { idempotencyKey, ...shipping } = parsed.data;
  const result = await placeOrder({ userId: user.id, idempotencyKey, shipping });
  if (!result.ok) return { ok: false, message: result.message };

  // The cart is now empty: drop every cached render that still shows its old count (the
  // header's badge lives in the root layout, which a navigation would otherwise reuse).
  revalidatePath("/", "layout");
  // Outside any try: redirect() works by throwing, and a catch would swallow it.
  redirect(`/orders/${result.orderId}`);
}
