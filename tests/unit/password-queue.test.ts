import bcrypt from "bcrypt";
import { afterEach, describe, expect, it, vi } from "vitest";

// lib/auth/password.ts lets at most BCRYPT_CONCURRENCY bcrypt operations run at once, so a
// storm of sign-ins cannot take every core. These tests run real bcrypt (at cost 4) and
// count how many calls are inside it at the same moment.

async function loadPasswordModule(concurrency: string) {
  vi.resetModules();
  vi.stubEnv("BCRYPT_CONCURRENCY", concurrency);
  return import("@/lib/auth/password");
}

/** Wraps bcrypt's `name` with a counter of the calls in flight, and returns the peak. */
function watchConcurrency(name: "hash" | "compare"): { peak: () => number } {
  const original = bcrypt[name].bind(bcrypt) as (...args: unknown[]) => Promise<unknown>;
  let active = 0;
  let peak = 0;
  vi.spyOn(bcrypt, name).mockImplementation((async (...args: unknown[]) => {
    active += 1;
    peak = Math.max(peak, active);
    try {
      return await original(...args);
    } finally {
      active -= 1;
    }
  }) as never);
  return { peak: () => peak };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("bcrypt's queue", () => {
  it("runs at most BCRYPT_CONCURRENCY comparisons at once, and every one still answers", async () => {
    const { hashPassword, verifyPassword } = await loadPasswordModule("2");
    const hash = await hashPassword("correct horse battery");
    const compare = watchConcurrency("compare");

    const guesses = Array.from({ length: 8 }, (_, i) => (i === 5 ? "correct horse battery" : `wrong guess ${i}`));
    const answers = await Promise.all(guesses.map((guess) => verifyPassword(guess, hash)));

    expect(answers).toEqual(guesses.map((_, i) => i === 5));
    // Two at a time, not one: the queue bounds the work, it does not serialise it.
    expect(compare.peak()).toBe(2);
  });

  it("queues hashing too, the dummy hash included", async () => {
    const { getDummyHash, hashPassword } = await loadPasswordModule("1");
    const hash = watchConcurrency("hash");

    const hashes = await Promise.all([getDummyHash(), ...Array.from({ length: 4 }, (_, i) => hashPassword(`password number ${i}`))]);

    expect(new Set(hashes).size).toBe(5);
    expect(hash.peak()).toBe(1);
  });
});
