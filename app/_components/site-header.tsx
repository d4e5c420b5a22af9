import Link from "next/link";
import { getCurrentSession } from "@/lib/session/current";
import { getCartItemCount } from "@/lib/shop/cart";
import { getCartOwner } from "@/app/_lib/cart-owner";
import { Logo } from "./logo";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";
import { site } from "./site";
import { button } from "./styles";

// The links show where the user is (NavLink sets aria-current), like the admin area's.
const navLink =
  "rounded-md px-2 py-1.5 text-sm font-medium text-stone-700 hover:bg-stone-100 hover:text-stone-900 " +
  "aria-[current=page]:bg-brand-50 aria-[current=page]:text-brand-800 aria-[current=true]:bg-brand-50 aria-[current=true]:text-brand-800";

export async function SiteHeader() {
  // Both calls share one cached session lookup for this request.
  const [{ user }, owner] = await Promise.all([getCurrentSession(), getCartOwner()]);
  const itemCount = await getCartItemCount(owner);

  // On small screens the cart moves up beside the logo and the links take a row of their
  // own; the DOM order (and so the keyboard order) stays logo, links, account, cart.
  return (
    <header className="border-b border-stone-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2.5 rounded-lg">
          <Logo />
          <span className="text-lg font-bold tracking-tight text-stone-900">{site.name}</span>
        </Link>

        <div className="order-2 flex w-full items-center gap-3 sm:order-none sm:w-auto sm:flex-1">
          <nav aria-label="Main" className="-ml-2 flex items-center gap-1 sm:ml-0">
            <NavLink href="/" className={navLink}>
              Shop
            </NavLink>
            {user && (
              <>
                <NavLink href="/orders" className={navLink}>
                  Orders
                </NavLink>
                <NavLink href="/account/security" className={navLink}>
                  Security
                </NavLink>
                <NavLink href="/account/sessions" className={navLink}>
                  Sessions
                </NavLink>
              </>
            )}
            {/* The role comes from the user row at this request's lookup; /admin checks again. */}
            {user?.role === "ADMIN" && (
              <NavLink href="/admin" className={navLink}>
                Admin
              </NavLink>
            )}
          </nav>

          <div className="ml-auto flex items-center gap-3">
            {user ? (
              <>
                <span className="hidden text-sm text-stone-600 lg:inline">
                  Signed in as <strong className="font-semibold text-stone-900">{user.name}</strong>
                </span>
                <SignOutButton />
              </>
            ) : (
              <>
                <NavLink href="/login" className={navLink}>
                  Sign in
                </NavLink>
                <Link href="/register" className={button("primary", "sm")}>
                  Create account
                </Link>
              </>
            )}
          </div>
        </div>

        <div className="order-1 ml-auto sm:order-none sm:ml-0">
          <CartLink itemCount={itemCount} />
        </div>
      </div>
    </header>
  );
}

function CartLink({ itemCount }: { itemCount: number }) {
  const label = itemCount === 1 ? "1 item" : `${itemCount} items`;
  return (
    <NavLink
      href="/cart"
      className="relative inline-flex items-center gap-2 rounded-lg border border-stone-300 bg-white px-3 py-1.5 text-sm font-semibold text-stone-800 shadow-sm hover:bg-stone-100 aria-[current=page]:border-brand-600 aria-[current=page]:bg-brand-50"
    >
      <svg viewBox="0 0 24 24" className="h-5 w-5" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M3 4h2l2.4 11.2a1.5 1.5 0 0 0 1.5 1.2h8.7a1.5 1.5 0 0 0 1.5-1.1L21 8H6" strokeLinejoin="round" />
        <circle cx="9.5" cy="20" r="1.3" />
        <circle cx="17.5" cy="20" r="1.3" />
      </svg>
      Cart
      <span
        className={`min-w-6 rounded-full px-1.5 text-center text-xs leading-5 ${itemCount > 0 ? "bg-accent-500 text-stone-950" : "bg-stone-200 text-stone-700"}`}
      >
        <span aria-hidden="true">{itemCount}</span>
        <span className="sr-only">, {label}</span>
      </span>
    </NavLink>
  );
}
