import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";

// lib/auth/password.ts runs bcrypt on hashing threads at the lowest CPU priority, at most
// BCRYPT_CONCURRENCY at once, so a storm of sign-ins cannot take the cores from page
// requests. These tests run real bcrypt (at cost 4) and look at the process's threads as
// the kernel sees them (/proc), not at the module's own bookkeeping.

async function loadPasswordModule(concurrency: string) {
  vi.resetModules();
  vi.stubEnv("BCRYPT_CONCURRENCY", concurrency);
  return import("@/lib/auth/password");
}

/** The nice value of each of this process's threads, from /proc (Linux). */
function threadNiceValues(): number[] {
  return readdirSync(`/proc/${process.pid}/task`).flatMap((tid) => {
    try {
      // Field 19 of stat is the nice value; the name in field 2 may hold spaces, so count from its ")".
      const fields = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return [Number(fields[16])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

const niceThreads = () => threadNiceValues().filter((nice) => nice === 19).length;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("bcrypt's queue", () => {
  it("answers every comparison, right and wrong, with the real bcrypt", async () => {
    const { hashPassword, verifyPassword } = await loadPasswordModule("2");
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^\$2b\$04\$/);

    const guesses = Array.from({ length: 8 }, (_, i) => (i === 5 ? "correct horse battery" : `wrong guess ${i}`));
    const answers = await Promise.all(guesses.map((guess) => verifyPassword(guess, hash)));
    expect(answers).toEqual(guesses.map((_, i) => i === 5));
  });

  it.runIf(process.platform === "linux")("hashes on BCRYPT_CONCURRENCY threads at the lowest priority, never more", async () => {
    const before = niceThreads();
    const { hashPassword, verifyPassword } = await loadPasswordModule("2");
    const hash = await hashPassword("correct horse battery");
    await Promise.all(Array.from({ length: 8 }, (_, i) => verifyPassword(`guess ${i}`, hash)));
    // Two at a time, not one: the queue bounds the work, it does not serialise it.
    expect(niceThreads() - before).toBe(2);
    // The request thread keeps the normal priority.
    expect(threadNiceValues()[0]).toBe(0);
  });

  it.runIf(process.platform === "linux")("queues hashing too, the dummy hash included, on one thread when the limit is one", async () => {
    const before = niceThreads();
    const { getDummyHash, hashPassword } = await loadPasswordModule("1");
    const hashes = await Promise.all([getDummyHash(), ...Array.from({ length: 4 }, (_, i) => hashPassword(`password number ${i}`))]);
    expect(new Set(hashes).size).toBe(5);
    expect(niceThreads() - before).toBe(1);
    expect(await getDummyHash()).toBe(hashes[0]);
  });

  it("refuses a malformed stored hash as a wrong password, and keeps answering after it", async () => {
    const { hashPassword, verifyPassword } = await loadPasswordModule("1");
    expect(await verifyPassword("anything", "not a bcrypt hash")).toBe(false);
    expect(await verifyPassword("pw", await hashPassword("pw"))).toBe(true);
  });

  it.runIf(process.platform === "linux")("passes bcrypt's refusal on as an error, replaces that thread, and keeps answering", async () => {
    const before = niceThreads();
    const { hashPassword, verifyPassword } = await loadPasswordModule("1");
    const hash = await hashPassword("pw");
    // No input a caller of this module sends can do this; a missing argument can.
    await expect(verifyPassword(undefined as unknown as string, hash)).rejects.toThrow(/^bcrypt: data and hash arguments required$/);
    await expect(hashPassword(undefined as unknown as string)).rejects.toThrow(/^bcrypt: /);
    expect(niceThreads() - before).toBe(0);
    expect(await verifyPassword("pw", hash)).toBe(true);
    expect(await verifyPassword("not pw", hash)).toBe(false);
    expect(niceThreads() - before).toBe(1);
  });
});
