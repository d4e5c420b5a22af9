import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runHousekeeping, startHousekeeping } from "@/lib/session/housekeeping";
import { createSession, sessionPolicy } from "@/lib/session/store";
import { addToCart } from "@/lib/shop/cart";
import { resetDatabase, seedProduct } from "./helpers/db";

const device = { ipAddress: "192.0.2.7", userAgent: null };
const start = new Date("2030-01-01T00:00:00Z");

beforeEach(resetDatabase);

describe("housekeeping", () => {
  it("purges expired sessions and the carts of guests who never came back, and nothing live", async () => {
    const mug = await seedProduct();
    const gone = await createSession({ userId: null, device, now: start });
    await addToCart({ sessionId: gone.session.id }, mug.id, 1);
    const live = await createSession({ userId: null, device, now: new Date(start.getTime() + sessionPolicy.idleTimeoutMs) });
    await addToCart({ sessionId: live.session.id }, mug.id, 1);

    expect(await runHousekeeping(new Date(start.getTime() + sessionPolicy.idleTimeoutMs + 1))).toBe(1);
    expect((await db.session.findMany()).map((s) => s.id)).toEqual([live.session.id]);
    expect((await db.cart.findMany()).map((c) => c.sessionId)).toEqual([live.session.id]);
  });

  it("runs at once when started, and stops when told", async () => {
    // Expired by the real clock, which the scheduled run uses.
    await createSession({ userId: null, device, now: new Date(Date.now() - 2 * sessionPolicy.absoluteTimeoutMs) });
    const stop = startHousekeeping(60_000);
    try {
      await expect.poll(() => db.session.count()).toBe(0);
    } finally {
      stop();
    }
  });
});
