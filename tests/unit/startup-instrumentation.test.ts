import { afterEach, describe, expect, it, vi } from "vitest";

// instrumentation.ts register() is what Next.js runs once per server process, before the
// first request. Imported fresh for each case, since lib/env reads process.env at import.
async function freshRegister(): Promise<() => Promise<void>> {
  vi.resetModules();
  const { register } = await import("@/instrumentation");
  return register;
}

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.restoreAllMocks();
});

describe("server start-up (instrumentation.ts)", () => {
  it("builds the dummy password hash before the first sign-in needs it", async () => {
    process.env.NEXT_RUNTIME = "nodejs";
    await (await freshRegister())();

    // The same module instance the app uses: its hash must already be settled, so an
    // unknown-email sign-in pays for one comparison, not for making the hash as well.
    const { getDummyHash } = await import("@/lib/auth/password");
    const pending = Symbol("pending");
    const first = await Promise.race([getDummyHash(), Promise.resolve(pending)]);
    expect(first).not.toBe(pending);
    expect(first).toMatch(/^\$2b\$04\$/);
  });

  it("ends the process on a bad environment value, naming the variable", async () => {
    process.env.NEXT_RUNTIME = "nodejs";
    process.env.SESSION_IDLE_TIMEOUT_SECONDS = "99999";
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    // Next.js keeps serving when register() only throws, so it must exit; here the exit is
    // turned into an exception the test can see.
    vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`process.exit(${code})`);
    });

    await expect(freshRegister().then((register) => register())).rejects.toThrow("process.exit(1)");
    expect(String(error.mock.calls[0]?.[0])).toContain("SESSION_IDLE_TIMEOUT_SECONDS");
  });
});
