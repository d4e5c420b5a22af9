"use client";

import { useEffect, useState, type ReactNode } from "react";
import { dismissOrderPlacedAction } from "./actions";

// Shows the thank-you that checkout's flag asked for, then has the flag cleared, so a
// reload or a later visit does not thank again. Clearing a cookie in a server action
// re-renders the page without the flag; the notice keeps what it was first given (its
// state), so it stays on screen until the shopper leaves the page.
export function OrderPlacedNotice({ orderId, placed, children }: { orderId: string; placed: boolean; children: ReactNode }) {
  const [shown] = useState(placed);

  useEffect(() => {
    if (placed) void dismissOrderPlacedAction(orderId);
  }, [placed, orderId]);

  if (!shown) return null;
  return (
    <p role="status" className="mb-6 rounded-xl border border-brand-200 bg-brand-50 px-4 py-3 text-brand-900">
      {children}
    </p>
  );
}
