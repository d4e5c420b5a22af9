"use client";

import { useActionState, useId } from "react";
import { ActionForm, FormMessage, SubmitButton, useSubmittedValues } from "@/app/_components/form-controls";
import { button, input } from "@/app/_components/styles";
import { saveProductAction } from "./actions";

// One small form per product, so a mistake in one row never touches another. The hidden
// stockShown is the stock this page showed: the action refuses to overwrite a sale made
// since. The labels read "Price of <product>" to a screen reader; on screen the row's
// heading says which product it is.

type Props = { productId: string; name: string; price: string; stock: number; headingId: string };

export function ProductForm({ productId, name, price, stock, headingId }: Props) {
  const [state, formAction] = useActionState(saveProductAction, null);
  // After a refused save, the fields keep what the admin typed, next to its message.
  const [submitted, remember] = useSubmittedValues();
  const id = useId();
  const refused = state?.ok === false;
  const errors = (refused && state.fieldErrors) || {};

  return (
    <ActionForm action={formAction} state={state} onSubmit={remember} className="flex flex-col gap-2">
      <input type="hidden" name="productId" value={productId} />
      <input type="hidden" name="stockShown" value={stock} />
      <div className="flex flex-wrap items-start gap-3">
        <NumberField
          id={`${id}-price`}
          name="price"
          label="Price"
          srLabel={` of ${name}, in dollars`}
          prefix="$"
          defaultValue={refused ? (submitted.price ?? price) : price}
          inputMode="decimal"
          errors={errors.price}
        />
        <NumberField
          id={`${id}-stock`}
          name="stock"
          label="Stock"
          srLabel={` of ${name}`}
          defaultValue={refused ? (submitted.stock ?? String(stock)) : String(stock)}
          inputMode="numeric"
          errors={errors.stock}
        />
        <SubmitButton className={`${button("primary", "sm")} mt-7`} pendingLabel="Saving…" aria-describedby={headingId}>
          Save
        </SubmitButton>
      </div>
      <FormMessage state={state} />
    </ActionForm>
  );
}

function NumberField({
  id,
  name,
  label,
  srLabel,
  prefix,
  defaultValue,
  inputMode,
  errors,
}: {
  id: string;
  name: string;
  label: string;
  srLabel: string;
  prefix?: string;
  defaultValue: string;
  inputMode: "decimal" | "numeric";
  errors?: string[];
}) {
  return (
    <div className="w-36">
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-stone-800">
        {label}
        <span className="sr-only">{srLabel}</span>
      </label>
      <div className="flex items-center gap-1.5">
        {prefix && <span aria-hidden="true" className="text-stone-600">{prefix}</span>}
        {/* Text, not type="number": the browser would drop "12.505" or "-1" before the server could say what is wrong. */}
        <input
          id={id}
          name={name}
          type="text"
          inputMode={inputMode}
          autoComplete="off"
          defaultValue={defaultValue}
          className={`${input} py-1.5`}
          aria-invalid={Boolean(errors?.length) || undefined}
          aria-describedby={`${id}-error`}
        />
      </div>
      <p id={`${id}-error`} aria-live="polite" className="mt-1.5 text-sm font-medium text-red-700 empty:hidden">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
