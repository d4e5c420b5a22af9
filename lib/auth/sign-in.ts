import "server-only";
import type { Device } from "@/lib/http/device";
import type { Transaction } from "@/lib/db";
import { rotateSession, setSessionNotice, type Rotation, type RotationReason, type SessionUser } from "@/lib/session/store";
import { mergeGuestCart } from "@/lib/shop/cart";

export function mergedCartNotice(items: number): string {
  return items === 1 ? "1 item from this browser was added to your cart." : `${items} items from this browser were added to your cart.`;
}

export type SignedInSession = Rotation & {
  /** Items the browser's guest cart added to the user's cart, so the page can say so. */
  mergedItems: number;
};

/**
 * The one way a user becomes signed in, after a password (or any later factor) proved who
 * they are. Rotate, never upgrade in place: whatever token the browser held before (a
 * guest's, or one an attacker planted) is deleted in the same transaction that creates
 * the signed-in session, which gets a token of its own. The guest cart is carried over
 * before the guest row, and the cart with it, disappears.
 *
 * The same procedure serves every later proof of identity (re-authentication, a password
 * change or reset): `change` is committed in the same transaction as the new session,
 * and `endOtherSessions` signs every other device out with it; `reason` says in the
 * activity log why the session was rotated.
 *
 * Callers pass in what they read from the request, so this stays free of next/headers and
 * is tested directly; the caller then writes the returned token into the cookie.
 */
export async function startUserSession(
  user: SessionUser,
  request: { previousToken: string | undefined; device: Device },
  privilegeChange: { change?: (tx: Transaction) => Promise<void>; endOtherSessions?: boolean; reason?: RotationReason } = {},
): Promise<SignedInSession> {
  let mergedItems = 0;
  const session = await rotateSession({
    previousToken: request.previousToken,
    userId: user.id,
    device: request.device,
    ...privilegeChange,
    carryOver: async (tx, guestSessionId, nextSessionId) => {
      mergedItems = await mergeGuestCart(tx, guestSessionId, user.id);
      // A cart planted by someone else's cookie must not slip into the user's next order
      // unseen: the merge is announced on every page until dismissed.
      if (mergedItems > 0) await setSessionNotice(tx, nextSessionId, mergedCartNotice(mergedItems));
    },
  });
  return { ...session, mergedItems };
}
