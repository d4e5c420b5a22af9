"use client";

import Link from "next/link";
import { useActionState, useId } from "react";
import { addToCartAction } from "@/app/cart/actions";
import { ActionForm, FormMessage, SubmitButton, useSubmittedValues } from "@/app/_components/form-controls";
import { button, input, link } from "@/app/_components/styles";

export function AddToCartForm({ slug, maxQuantity }: { slug: string; maxQuantity: number }) {
  const [state, formAction] = useActionState(addToCartAction, null);
  // After a refusal the field keeps what was typed, next to the message about it.
  const [values, remember] = useSubmittedValues();
  const id = useId();
  const soldOut = maxQuantity <= 0;
  const quantityErrors = state?.ok === false ? state.fieldErrors?.quantity : undefined;

  return (
    <ActionForm action={formAction} state={state} onSubmit={remember} className="space-y-4">
      <input type="hidden" name="slug" value={slug} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-24">
          <label htmlFor={`${id}-quantity`} className="mb-1.5 block text-sm font-medium text-stone-800">
            Quantity
          </label>
          <input
            id={`${id}-quantity`}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={Math.max(1, maxQuantity)}
            defaultValue={quantityErrors ? values.quantity : 1}
            required
            disabled={soldOut}
            className={input}
            aria-invalid={quantityErrors ? true : undefined}
            aria-describedby={`${id}-message`}
          />
        </div>
        <SubmitButton disabled={soldOut} pendingLabel="Adding…" className={`${button("primary", "lg")} flex-1 sm:flex-none sm:px-10`}>
          Add to cart
        </SubmitButton>
      </div>
      {/* Field and form errors share one live region that the quantity input points at. */}
      <FormMessage
        id={`${id}-message`}
        state={quantityErrors ? { ok: false, message: quantityErrors.join(" ") } : state}
      >
        {" "}
        <Link href="/cart" className={link}>
          View cart
        </Link>
      </FormMessage>
    </ActionForm>
  );
}
