import "server-only";
import { getCurrentSession, getOrCreateSession } from "@/lib/session/current";
import type { CartOwner } from "@/lib/shop/cart";

// Turns the current request into a cart owner for lib/shop/cart. A signed-in user's cart
// belongs to the user (it follows them to every device); a guest's belongs to the session.

/** For pages: never creates anything. A visitor without a session has no cart. */
export async function getCartOwner(): Promise<CartOwner | null> {
  const { session, user } = await getCurrentSession();
  if (user) return { userId: user.id };
  return session ? { sessionId: session.id } : null;
}

/**
 * For server actions that put something in the cart. This is the moment a guest's session
 * begins: browsing alone creates no session row and sets no cookie. Null when no guest
 * session may be started for this visitor now (too many from their network).
 */
export async function getOrCreateCartOwner(): Promise<CartOwner | null> {
  const { user } = await getCurrentSession();
  if (user) return { userId: user.id };
  const session = await getOrCreateSession();
  return session ? { sessionId: session.id } : null;
}
