"use server";

import { revalidatePath } from "next/cache";
import { parseProductChange, updateProduct } from "@/lib/admin/catalog";
import { requireAdmin } from "@/lib/auth/step-up";
import { formFields, invalidInput, UNREADABLE_FORM, type FormState } from "@/lib/forms";

// Saves one product's price and stock. Like every admin action, a public POST endpoint:
// requireAdmin() comes first, so anyone else gets the 404 before the form is read.
export async function saveProductAction(_previous: FormState, formData: unknown): Promise<FormState> {
  const { user: admin } = await requireAdmin("/admin/products");
  const fields = formFields(formData);
  if (!fields) return UNREADABLE_FORM;
  const parsed = parseProductChange(fields);
  // Nothing is saved unless both fields are right: a half-applied edit is worse than none.
  if (!parsed.success) return invalidInput(parsed.error, "Nothing was saved. Correct the highlighted fields.");

  const result = await updateProduct(admin.id, parsed.data);
  revalidatePath("/", "layout");
  return result;
}
