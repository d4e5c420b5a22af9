"use client";

import { useActionState, useId } from "react";
import { FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button, input, quietButton } from "@/app/_components/styles";
import { removeCartLineAction, updateCartLineAction } from "./actions";

// Each control is its own small form, so it works before JavaScript loads, and each keeps
// its own result to show next to the line it changed. The button names stay exactly
// "Update" and "Remove"; which line they act on is given by aria-describedby.

export function QuantityForm({
  itemId,
  quantity,
  productName,
  describedBy,
}: {
  itemId: string;
  quantity: number;
  productName: string;
  describedBy: string;
}) {
  const [state, formAction] = useActionState(updateCartLineAction, null);
  const id = useId();
  const invalid = state?.ok === false;

  return (
    <form action={formAction} className="flex flex-col gap-1 sm:items-end">
      <input type="hidden" name="itemId" value={itemId} />
      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-quantity`} className="text-sm text-stone-600">
          Quantity<span className="sr-only"> of {productName}</span>
        </label>
        <input
          id={`${id}-quantity`}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={0}
          max={99}
          defaultValue={quantity}
          required
          className={`${input} w-20 py-1.5`}
          aria-invalid={invalid || undefined}
          aria-describedby={`${id}-message`}
        />
        <SubmitButton className={button("secondary", "sm")} aria-describedby={describedBy}>
          Update
        </SubmitButton>
      </div>
      <FormMessage id={`${id}-message`} state={state} />
    </form>
  );
}

export function RemoveButton({ itemId, describedBy }: { itemId: string; describedBy: string }) {
  const [state, formAction] = useActionState(removeCartLineAction, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="itemId" value={itemId} />
      <SubmitButton className={quietButton} aria-describedby={describedBy}>
        Remove
      </SubmitButton>
      {/* On success the whole line disappears, so only a failure needs saying here. */}
      <FormMessage state={state?.ok === false ? state : null} />
    </form>
  );
}
