"use server";

import { clearOrderPlacedFlag } from "@/app/_lib/order-placed-cookie";
import { parseRecordId } from "@/lib/record-id";

// The order page calls this once it has shown "Thank you! Your order was placed", so the
// next visit does not say it again (app/_lib/order-placed-cookie.ts). It only ever clears
// a flag of this browser's, for the path of an id shaped like an order's; it reads and
// changes no data, so it needs no session.
export async function dismissOrderPlacedAction(orderId: unknown): Promise<void> {
  const id = parseRecordId(orderId);
  if (id) await clearOrderPlacedFlag(id);
}
