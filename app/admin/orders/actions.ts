"use server";

import { revalidatePath } from "next/cache";
import { changeOrderStatus, parseOrderStatusChange } from "@/lib/admin/orders";
import { requireAdmin } from "@/lib/auth/step-up";
import { formFields, UNREADABLE_FORM, type FormState } from "@/lib/forms";

// Moves an order to its next status. requireAdmin() comes first, as in every admin action;
// lib/admin/orders.ts decides which moves are allowed, whatever the form offered.
export async function changeOrderStatusAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { user: admin } = await requireAdmin("/admin/orders");
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = parseOrderStatusChange(fields);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Choose a status." };

  const result = await changeOrderStatus(admin.id, parsed.data);
  revalidatePath("/", "layout");
  return result;
}
