"use client";

import { useActionState, useId } from "react";
import { ActionForm, FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button, inputBox } from "@/app/_components/styles";
import { changeOrderStatusAction } from "./actions";

// Offers only the moves the order's status allows; the action checks again, since a form
// can be edited or sent by hand.
export function OrderStatusForm({
  orderId,
  orderLabel,
  options,
}: {
  orderId: string;
  orderLabel: string;
  options: { value: string; label: string }[];
}) {
  const [state, formAction] = useActionState(changeOrderStatusAction, null);
  const id = useId();
  return (
    <ActionForm action={formAction} state={state} className="flex flex-col gap-2 sm:items-end">
      <input type="hidden" name="orderId" value={orderId} />
      {/* Stays mounted when the order reaches its last status, so the message about that change is still read out. */}
      {options.length === 0 ? (
        <p className="text-sm text-stone-500">No further changes.</p>
      ) : (
        <div className="flex items-center gap-2">
          <label htmlFor={`${id}-status`} className="text-sm text-stone-600">
            New status<span className="sr-only"> for {orderLabel}</span>
          </label>
          <select id={`${id}-status`} name="status" className={`${inputBox} w-36 py-1.5`}>
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <SubmitButton className={button("secondary", "sm")} pendingLabel="Saving…">
            Update status
          </SubmitButton>
        </div>
      )}
      <FormMessage state={state} />
    </ActionForm>
  );
}
