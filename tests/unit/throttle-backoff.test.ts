import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffSeconds, tooManyAttempts, tooManyRequests } from "@/lib/security/throttle";

// The throttle's arithmetic: how long the n-th consecutive failure blocks. Properties over
// every failure count and every configuration the environment accepts (lib/env.ts).
fc.configureGlobal({ seed: 20261122, numRuns: 500 });

const backoff = fc.record({ freeFailures: fc.integer({ min: 1, max: 1_000_000 }), maxWaitSeconds: fc.integer({ min: 1, max: 86_400 }) });
const failures = fc.integer({ min: 0, max: 2_000_000 });

describe("the wait after the n-th consecutive failure", () => {
  it("is nothing for the free failures and something for every one after", () => {
    fc.assert(
      fc.property(backoff, failures, (config, n) => {
        expect(backoffSeconds(n, config) === 0).toBe(n <= config.freeFailures);
      }),
    );
  });

  it("is a whole number of seconds, never more than the cap, however many failures", () => {
    fc.assert(
      fc.property(backoff, failures, (config, n) => {
        const wait = backoffSeconds(n, config);
        expect(Number.isInteger(wait)).toBe(true);
        expect(wait).toBeLessThanOrEqual(config.maxWaitSeconds);
      }),
    );
  });

  it("never shrinks as failures go on, and doubles until it reaches the cap", () => {
    fc.assert(
      fc.property(backoff, failures, (config, n) => {
        const wait = backoffSeconds(n, config);
        const next = backoffSeconds(n + 1, config);
        expect(next).toBeGreaterThanOrEqual(wait);
        if (n > config.freeFailures) expect(next).toBe(Math.min(2 * wait, config.maxWaitSeconds));
      }),
    );
  });

  it("with the defaults: 5 free failures, then 2, 4, 8 ... seconds, at most 15 minutes", () => {
    const defaults = { freeFailures: 5, maxWaitSeconds: 900 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 19, 1000].map((n) => backoffSeconds(n, defaults))).toEqual([
      0, 0, 0, 0, 0, 2, 4, 8, 16, 512, 900, 900, 900,
    ]);
  });

  it("blocks by the 20th failure in a row with any setting the environment allows", () => {
    for (let freeFailures = 1; freeFailures <= 19; freeFailures++) {
      expect(backoffSeconds(20, { freeFailures, maxWaitSeconds: 1 })).toBeGreaterThan(0);
    }
  });
});

describe("the words of a refusal", () => {
  it("says how many seconds to wait after failed sign-ins", () => {
    expect(tooManyAttempts(1)).toBe("Too many attempts. Try again in 1 second.");
    expect(tooManyAttempts(2)).toBe("Too many attempts. Try again in 2 seconds.");
    expect(tooManyAttempts(900)).toBe("Too many attempts. Try again in 900 seconds.");
  });

  it("says seconds under a minute and whole minutes, rounded up, from one", () => {
    expect(tooManyRequests(1)).toBe("Too many requests. Try again in 1 second.");
    expect(tooManyRequests(59)).toBe("Too many requests. Try again in 59 seconds.");
    expect(tooManyRequests(60)).toBe("Too many requests. Try again in 1 minute.");
    expect(tooManyRequests(61)).toBe("Too many requests. Try again in 2 minutes.");
    expect(tooManyRequests(3600)).toBe("Too many requests. Try again in 60 minutes.");
  });
});
