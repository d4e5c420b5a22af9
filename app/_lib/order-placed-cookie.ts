import "server-only";
import { cookies, headers } from "next/headers";
import { isHttpsRequest } from "@/lib/http/https";

// "Thank you! Your order was placed" is said once: on the order page that checkout lands
// on, not on every later visit. The checkout action leaves this flag for that page, and
// the page has it cleared as soon as it has shown it (app/orders/[id]/order-placed-notice.tsx).
//
// Decisions a reader may wonder about:
// - A cookie, not `?placed=1`: a link anyone can send must not make the shop say
//   something it did not do. The flag carries no text, only "1": the words are the page's.
// - Path=/orders/<id>: the browser sends it to that one order's page and nowhere else,
//   so the flag needs no order id in its value and cannot thank for another order.
//   `__Host-` requires Path=/, so over HTTPS the prefix is `__Secure-` (Secure only).
// - HttpOnly and SameSite=Lax like the session cookie. Planting one would at worst show
//   the shop's own thank-you on the planter's own order page.
// - Sixty seconds: checkout's redirect arrives at once. A browser without JavaScript
//   cannot ask for the flag to be cleared, and sees the notice again only within that time.

const BASE_NAME = "shop_order_placed";
export const ORDER_PLACED_NOTICE_SECONDS = 60;

async function cookieFor(orderId: string) {
  const secure = isHttpsRequest(await headers());
  return {
    name: secure ? `__Secure-${BASE_NAME}` : BASE_NAME,
    options: { httpOnly: true, sameSite: "lax", path: `/orders/${orderId}`, secure } as const,
  };
}

/** Server actions only: checkout has just placed this order. */
export async function setOrderPlacedFlag(orderId: string): Promise<void> {
  const { name, options } = await cookieFor(orderId);
  (await cookies()).set(name, "1", { ...options, maxAge: ORDER_PLACED_NOTICE_SECONDS });
}

/** For the order page: whether checkout has just placed this order in this browser. */
export async function hasOrderPlacedFlag(orderId: string): Promise<boolean> {
  const { name } = await cookieFor(orderId);
  return (await cookies()).get(name)?.value === "1";
}

/** Server actions only: the notice has been shown. */
export async function clearOrderPlacedFlag(orderId: string): Promise<void> {
  const { name, options } = await cookieFor(orderId);
  (await cookies()).set(name, "", { ...options, maxAge: 0 });
}
