import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import { housekeepingIntervalMs, runHousekeeping, startHousekeeping } from "@/lib/session/housekeeping";
import { createSession, sessionPolicy } from "@/lib/session/store";
import { addToCart } from "@/lib/shop/cart";
import { resetDatabase, seedProduct } from "./helpers/db";
import { withTrigger } from "./helpers/triggers";

const device = { ipAddress: "192.0.2.7", userAgent: null };
const start = new Date("2030-01-01T00:00:00Z");
/** A session already expired by the real clock, which the scheduled runs use. */
const expiredNow = () => createSession({ userId: null, device, now: new Date(Date.now() - 2 * sessionPolicy.absoluteTimeoutMs) });

beforeEach(resetDatabase);
afterEach(() => vi.restoreAllMocks());

describe("housekeeping", () => {
  it("purges every 10 minutes, as docs/sessions.md says", () => {
    expect(housekeepingIntervalMs).toBe(600_000);
  });

  it("purges expired sessions and the carts of guests who never came back, and nothing live", async () => {
    const info = vi.spyOn(log, "info");
    const mug = await seedProduct();
    const gone = await createSession({ userId: null, device, now: start });
    await addToCart({ sessionId: gone.session.id }, mug.id, 1);
    const live = await createSession({ userId: null, device, now: new Date(start.getTime() + sessionPolicy.idleTimeoutMs) });
    await addToCart({ sessionId: live.session.id }, mug.id, 1);

    const none = { sessions: 0, pendingSignIns: 0, throttles: 0, knownDevices: 0, securityEvents: 0 };
    expect(await runHousekeeping(new Date(start.getTime() + sessionPolicy.idleTimeoutMs + 1))).toEqual({ ...none, sessions: 1 });
    expect((await db.session.findMany()).map((s) => s.id)).toEqual([live.session.id]);
    expect((await db.cart.findMany()).map((c) => c.sessionId)).toEqual([live.session.id]);
    expect(info).toHaveBeenCalledExactlyOnceWith({ event: "purged", ...none, sessions: 1 }, "expired and old rows purged");

    // Nothing to purge: nothing logged.
    info.mockClear();
    expect(await runHousekeeping(new Date(start.getTime() + sessionPolicy.idleTimeoutMs + 2))).toEqual(none);
    expect(info).not.toHaveBeenCalled();
  });

  it("logs a failure and answers null instead of throwing", async () => {
    const warn = vi.spyOn(log, "warn");
    await withTrigger({ table: "Session", before: "DELETE", effect: { fail: "locked" } }, async () => {
      await expiredNow();
      expect(await runHousekeeping()).toBeNull();
    });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatchObject({ event: "purge_failed", error: expect.stringContaining("deleteMany()") });
    expect(warn.mock.calls[0]?.[1]).toBe("purge failed");
  });

  it("runs at once when started, again at every interval, and never after it is stopped", async () => {
    await expiredNow();
    const stop = startHousekeeping(50);
    try {
      await expect.poll(() => db.session.count()).toBe(0);
      await expiredNow();
      await expect.poll(() => db.session.count()).toBe(0);
    } finally {
      stop();
    }
    await expiredNow();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await db.session.count()).toBe(1);
  });

  it("runs nothing in the process with an interval of 0 (HOUSEKEEPING_INTERVAL_SECONDS=0, a cron job purges)", async () => {
    await expiredNow();
    const stop = startHousekeeping(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop();
    expect(await db.session.count()).toBe(1);
  });
});
