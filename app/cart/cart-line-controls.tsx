"use client";

import { createContext, useActionState, useContext, useEffect, useId, useRef, type ReactNode } from "react";
import { ActionForm, FormMessage, SubmitButton } from "@/app/_components/form-controls";
import { button, inputBox, quietButton } from "@/app/_components/styles";
import { changeCartAction, type CartFormState } from "./actions";

// The cart page keeps one result for all its forms, held here above the lines (as the
// sessions page does for its Revoke buttons): a removed line disappears with everything
// it rendered, so the confirmation of a removal, and its Undo, must live outside it. One
// result also means a new change replaces what the previous one said: a line's "Cart
// updated." does not linger once another line is removed.
//
// Each line is one small form (works before JavaScript loads): the button pressed says
// what to do (name="intent": update or remove). The button names stay exactly "Update"
// and "Remove"; which line they act on is given by aria-describedby.

type CartChanges = { state: CartFormState; formAction: (formData: FormData) => void; lineIds: readonly string[] };

const CartChangesContext = createContext<CartChanges | null>(null);

function useCartChanges(): CartChanges {
  const changes = useContext(CartChangesContext);
  if (!changes) throw new Error("Cart forms must be inside CartChanges");
  return changes;
}

export function CartChanges({ lineIds, children }: { lineIds: readonly string[]; children: ReactNode }) {
  const [state, formAction] = useActionState(changeCartAction, null);
  return <CartChangesContext value={{ state, formAction, lineIds }}>{children}</CartChangesContext>;
}

/**
 * What the last change said when it belongs to no line on the page: a removal (with its
 * Undo), an Undo's result, a line that was gone already. Focus moves here, since the
 * button that was pressed may have disappeared with its line.
 */
export function CartStatus() {
  const { state, formAction, lineIds } = useCartChanges();
  const shown = state && !(state.itemId && lineIds.includes(state.itemId)) ? state : null;
  const region = useRef<HTMLDivElement>(null);
  const messageId = useId();

  useEffect(() => {
    if (shown) region.current?.focus();
  }, [shown]);

  return (
    <div ref={region} tabIndex={-1} className={`outline-none ${shown ? "mb-6" : ""}`}>
      <FormMessage id={messageId} state={shown}>
        {shown?.ok && shown.removed && (
          <ActionForm action={formAction} state={null} className="mt-2">
            <input type="hidden" name="slug" value={shown.removed.slug} />
            <input type="hidden" name="quantity" value={shown.removed.quantity} />
            <SubmitButton name="intent" value="restore" className={button("secondary", "sm")} pendingLabel="Putting it back…" aria-describedby={messageId}>
              Undo
            </SubmitButton>
          </ActionForm>
        )}
      </FormMessage>
    </div>
  );
}

export function CartLineForm({
  itemId,
  quantity,
  productName,
  lineTotal,
  describedBy,
}: {
  itemId: string;
  quantity: number;
  productName: string;
  lineTotal: string;
  describedBy: string;
}) {
  const { state, formAction } = useCartChanges();
  const id = useId();
  // Only this line's outcome; anything else is said by CartStatus or by another line.
  const own = state?.itemId === itemId ? state : null;

  return (
    <ActionForm action={formAction} state={own} className="flex flex-col gap-2 sm:items-end">
      <input type="hidden" name="itemId" value={itemId} />
      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-quantity`} className="text-sm text-stone-600">
          Quantity<span className="sr-only"> of {productName}</span>
        </label>
        {/* A fixed width, not the full-width field style: the message below can be wider than the controls. */}
        <input
          id={`${id}-quantity`}
          name="quantity"
          type="number"
          inputMode="numeric"
          min={0}
          max={99}
          defaultValue={quantity}
          required
          className={`${inputBox} w-20 py-1.5`}
          aria-invalid={own?.ok === false || undefined}
          aria-describedby={`${id}-message`}
        />
        {/* First submit button of the form: pressing Enter in the quantity field updates. */}
        <SubmitButton name="intent" value="update" className={button("secondary", "sm")} aria-describedby={describedBy}>
          Update
        </SubmitButton>
      </div>
      <div className="flex items-center gap-4 sm:flex-row-reverse">
        <p className="font-semibold text-stone-900">{lineTotal}</p>
        <SubmitButton name="intent" value="remove" className={quietButton} aria-describedby={describedBy}>
          Remove
        </SubmitButton>
      </div>
      <div className="sm:max-w-64 sm:text-right">
        <FormMessage id={`${id}-message`} state={own} />
      </div>
    </ActionForm>
  );
}
