import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { isLoopbackHost, parseEnv } from "@/lib/env";

// lib/env.ts decides whether a server may start. These cases are the rules the README and
// .env.example state; the start-up tests (tests/integration/startup-*) prove that a real
// `next start` obeys the same decision.
const secret = "a-production-secret-of-at-least-32-characters";
const production = { NODE_ENV: "production", AUTH_SECRET: secret, HOST: "127.0.0.1", MAIL_OUTBOX_DIR: "data/outbox" };

function problem(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  return "no problem";
}

describe("environment validation", () => {
  it("refuses an idle timeout longer than the absolute one, naming the variable", () => {
    expect(problem({ SESSION_IDLE_TIMEOUT_SECONDS: "99999" })).toMatch(/SESSION_IDLE_TIMEOUT_SECONDS: .*cannot exceed/);
  });

  it("takes BCRYPT_COST from 4 to 15, as .env.example says", () => {
    expect(parseEnv({ BCRYPT_COST: "4" }).BCRYPT_COST).toBe(4);
    expect(parseEnv({ BCRYPT_COST: "15" }).BCRYPT_COST).toBe(15);
    expect(problem({ BCRYPT_COST: "3" })).toContain("BCRYPT_COST");
    expect(problem({ BCRYPT_COST: "16" })).toContain("BCRYPT_COST");
  });

  it("takes the step-up window and reset-link lifetime in seconds, with the documented defaults", () => {
    expect(parseEnv({}).SUDO_WINDOW_SECONDS).toBe(600);
    expect(parseEnv({}).PASSWORD_RESET_TTL_SECONDS).toBe(1800);
    expect(problem({ SUDO_WINDOW_SECONDS: "0" })).toContain("SUDO_WINDOW_SECONDS");
    expect(problem({ PASSWORD_RESET_TTL_SECONDS: "86401" })).toContain("PASSWORD_RESET_TTL_SECONDS");
  });

  it("takes BCRYPT_CONCURRENCY from 1 to 64, half the cores (at least one) by default", () => {
    expect(parseEnv({}).BCRYPT_CONCURRENCY).toBe(Math.max(1, Math.floor(availableParallelism() / 2)));
    expect(parseEnv({ BCRYPT_CONCURRENCY: "3" }).BCRYPT_CONCURRENCY).toBe(3);
    expect(problem({ BCRYPT_CONCURRENCY: "0" })).toContain("BCRYPT_CONCURRENCY");
    expect(problem({ BCRYPT_CONCURRENCY: "65" })).toContain("BCRYPT_CONCURRENCY");
  });

  it("takes TRUSTED_PROXY_COUNT from 0 to 5, 0 by default", () => {
    expect(parseEnv({}).TRUSTED_PROXY_COUNT).toBe(0);
    expect(parseEnv({ TRUSTED_PROXY_COUNT: "1" }).TRUSTED_PROXY_COUNT).toBe(1);
    expect(problem({ TRUSTED_PROXY_COUNT: "6" })).toContain("TRUSTED_PROXY_COUNT");
    expect(problem({ TRUSTED_PROXY_COUNT: "-1" })).toContain("TRUSTED_PROXY_COUNT");
    expect(problem({ TRUSTED_PROXY_COUNT: "one" })).toContain("TRUSTED_PROXY_COUNT");
  });
});

describe("production fails closed", () => {
  it("starts the local demo: loopback, plain HTTP, a secret", () => {
    expect(problem(production)).toBe("no problem");
  });

  it("requires AUTH_SECRET", () => {
    expect(problem({ ...production, AUTH_SECRET: "" })).toMatch(/AUTH_SECRET: .*required in production/);
  });

  it("refuses plain HTTP on a non-loopback address, naming AUTH_URL", () => {
    expect(problem({ ...production, HOST: "0.0.0.0" })).toMatch(/AUTH_URL: .*https/);
    expect(problem({ ...production, HOST: "0.0.0.0", AUTH_URL: "http://shop.example" })).toContain("AUTH_URL");
  });

  it("requires AUTH_URL beyond loopback or behind a proxy, because mailed links point to it", () => {
    expect(problem({ ...production, HOST: "0.0.0.0", TRUSTED_PROXY_COUNT: "1" })).toMatch(/AUTH_URL: .*required .*0\.0\.0\.0 behind a proxy.*mailed links/);
    // Several instances on loopback behind one proxy: the public address is the proxy's.
    expect(problem({ ...production, TRUSTED_PROXY_COUNT: "1" })).toMatch(/AUTH_URL: .*required .*127\.0\.0\.1 behind a proxy/);
    expect(problem({ ...production, TRUSTED_PROXY_COUNT: "1", AUTH_URL: "https://shop.example" })).toBe("no problem");
  });

  it("counts an unset HOST as every interface, Next.js's own default", () => {
    expect(problem({ NODE_ENV: "production", AUTH_SECRET: secret, MAIL_OUTBOX_DIR: "data/outbox" })).toContain("AUTH_URL");
  });

  it("allows a non-loopback address with an https AUTH_URL or a trusted TLS proxy", () => {
    expect(problem({ ...production, HOST: "0.0.0.0", AUTH_URL: "https://shop.example" })).toBe("no problem");
    expect(problem({ ...production, HOST: "0.0.0.0", TRUSTED_PROXY_COUNT: "1", AUTH_URL: "https://shop.example" })).toBe("no problem");
    expect(problem({ ...production, HOST: "0.0.0.0", TRUSTED_PROXY_COUNT: "1", AUTH_URL: "http://shop.example" })).toBe("no problem");
  });

  it("requires somewhere for mail to go, naming SMTP_URL", () => {
    expect(problem({ ...production, MAIL_OUTBOX_DIR: "" })).toMatch(/SMTP_URL: .*required in production/);
    expect(problem({ ...production, MAIL_OUTBOX_DIR: "", SMTP_URL: "smtp://mail.example:587" })).toBe("no problem");
    expect(problem({ ...production, SMTP_URL: "http://mail.example" })).toContain("SMTP_URL must be an smtp://");
  });

  it("does not apply while `next build` compiles, when no server is started", () => {
    expect(problem({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).toBe("no problem");
  });

  it("applies to production only", () => {
    expect(problem({ NODE_ENV: "development", HOST: "0.0.0.0" })).toBe("no problem");
  });

  it("knows loopback addresses from the rest", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of [undefined, "0.0.0.0", "::", "192.168.1.10", "127.0.0.1.example.com", "shop.example"]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});
