"use client";

import { useActionState } from "react";
import { ActionForm, Field, FormMessage, SubmitButton, useSubmittedValues } from "@/app/_components/form-controls";
import { button } from "@/app/_components/styles";
import { placeOrderAction } from "./actions";

// Field names match lib/shop/checkout's shippingSchema, so its errors land on the right field.
// The countries come from the page (lib/shop/address.ts stays on the server with its
// formatting templates); typing another country is still accepted.
export function CheckoutForm({ idempotencyKey, defaultName, countries }: { idempotencyKey: string; defaultName: string; countries: readonly string[] }) {
  const [state, formAction] = useActionState(placeOrderAction, null);
  const [values, remember] = useSubmittedValues();
  const errors = state?.ok === false ? state.fieldErrors : undefined;
  // A missing or malformed key means a tampered or stale form; there is no field to mark.
  const keyError = errors?.idempotencyKey?.join(" ");

  return (
    <ActionForm action={formAction} state={state} onSubmit={remember} className="space-y-5">
      {/* One key per rendered form: submitting it twice finds the first order. */}
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />

      <Field
        label="Full name"
        name="name"
        autoComplete="shipping name"
        required
        maxLength={100}
        defaultValue={values.name ?? defaultName}
        errors={errors?.name}
      />
      <Field
        label="Address line 1"
        name="line1"
        autoComplete="shipping address-line1"
        required
        maxLength={200}
        defaultValue={values.line1}
        errors={errors?.line1}
      />
      <Field
        label="Address line 2 (optional)"
        name="line2"
        autoComplete="shipping address-line2"
        maxLength={200}
        defaultValue={values.line2}
        errors={errors?.line2}
      />
      <div className="grid gap-5 sm:grid-cols-2">
        <Field
          label="City"
          name="city"
          autoComplete="shipping address-level2"
          required
          maxLength={100}
          defaultValue={values.city}
          errors={errors?.city}
        />
        <Field
          label="Postal code"
          name="postalCode"
          autoComplete="shipping postal-code"
          required
          maxLength={16}
          defaultValue={values.postalCode}
          errors={errors?.postalCode}
        />
      </div>
      <Field
        label="Country"
        name="country"
        autoComplete="shipping country-name"
        required
        maxLength={60}
        list="shipping-countries"
        defaultValue={values.country}
        errors={errors?.country}
      />
      <datalist id="shipping-countries">
        {countries.map((country) => (
          <option key={country} value={country} />
        ))}
      </datalist>

      <FormMessage state={keyError ? { ok: false, message: keyError } : state} />

      <SubmitButton pendingLabel="Placing order…" className={`${button("primary", "lg")} w-full`}>
        Place order
      </SubmitButton>
    </ActionForm>
  );
}
