import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cookieFlagChecks } from "@/tools/session-audit/checks/cookie-flags";
import { tokenChecks } from "@/tools/session-audit/checks/token";
import { alphabetOf, estimateEntropyBits, readableContent } from "@/tools/session-audit/entropy";

// The audit's pure judgements: what a set of tokens and a Set-Cookie header say.

const status = (results: { id: string; status: string }[]) => Object.fromEntries(results.map((result) => [result.id, result.status]));

describe("entropy estimate", () => {
  it("counts 32 random bytes in base64url as about 258 bits", () => {
    const tokens = Array.from({ length: 20 }, () => randomBytes(32).toString("base64url"));
    expect(alphabetOf(tokens).name).toBe("base64url");
    expect(estimateEntropyBits(tokens).bits).toBeGreaterThan(240);
  });

  it("counts a fixed prefix as nothing and a counter as a few bits", () => {
    const counters = Array.from({ length: 20 }, (_, i) => `session-${String(1000 + i)}`);
    expect(estimateEntropyBits(counters).bits).toBeLessThan(10);
  });

  it("sees a timestamp followed by a little randomness as weak", () => {
    const tokens = Array.from({ length: 20 }, (_, i) => `${1760000000000 + i * 37}${randomBytes(2).toString("hex")}`);
    expect(estimateEntropyBits(tokens).bits).toBeLessThan(64);
  });

  it("reads base64 JSON and JWT parts as readable, random bytes as not", () => {
    expect(readableContent(Buffer.from('{"user":"alice","role":"admin"}').toString("base64url"))).toContain("alice");
    expect(readableContent(`${Buffer.from('{"alg":"HS256"}').toString("base64url")}.${randomBytes(32).toString("base64url")}`)).toBeDefined();
    expect(readableContent(randomBytes(32).toString("base64url"))).toBeUndefined();
  });
});

describe("token checks", () => {
  it("fail a token that contains the email typed at sign-in", () => {
    const tokens = Array.from({ length: 4 }, () => `alice.${randomBytes(24).toString("hex")}`);
    expect(status(tokenChecks(tokens, ["alice@example.com", "pw"]))["token.charset"]).toBe("FAIL");
  });

  it("fail duplicates", () => {
    const token = randomBytes(32).toString("base64url");
    expect(status(tokenChecks([token, token, randomBytes(32).toString("base64url")], []))["token.uniqueness"]).toBe("FAIL");
  });
});

describe("cookie flag checks", () => {
  const seen = (header: string, url = "https://site.example/login") => [{ url, header }];
  const https = { transport: "https" as const, pagesUsed: ["/account"] };

  it("pass a __Host- cookie with every flag", () => {
    const results = cookieFlagChecks(seen("__Host-s=abc; Path=/; HttpOnly; Secure; SameSite=Lax"), https);
    expect(new Set(results.map((result) => result.status))).toEqual(new Set(["PASS"]));
  });

  it("ignore a deletion, so a cleared cookie's missing flags count for nothing", () => {
    const results = cookieFlagChecks([...seen("__Host-s=abc; Path=/; HttpOnly; Secure; SameSite=Strict"), ...seen("__Host-s=; Path=/; Max-Age=0")], https);
    expect(status(results)["cookie.httponly"]).toBe("PASS");
    expect(status(results)["cookie.persistence"]).toBe("PASS");
  });

  it("fail a missing Path whose default is a folder, and accept a persistent cookie within the configured lifetime only", () => {
    expect(status(cookieFlagChecks(seen("__Secure-s=abc; HttpOnly; Secure; SameSite=Lax", "https://site.example/auth/login"), https))["cookie.path"]).toBe("FAIL");
    const persistent = seen("__Host-s=abc; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=3600");
    expect(status(cookieFlagChecks(persistent, { ...https, maxLifetimeSeconds: 3600 }))["cookie.persistence"]).toBe("PASS");
    expect(status(cookieFlagChecks(persistent, { ...https, maxLifetimeSeconds: 1800 }))["cookie.persistence"]).toBe("FAIL");
  });

  it("fail Secure and the prefix on plain HTTP beyond loopback, and leave them unknown on loopback", () => {
    const plain = seen("s=abc; Path=/; HttpOnly; SameSite=Lax", "http://site.example/login");
    expect(status(cookieFlagChecks(plain, { transport: "http", pagesUsed: ["/"] }))).toMatchObject({ "cookie.secure": "FAIL", "cookie.prefix": "FAIL" });
    expect(status(cookieFlagChecks(plain, { transport: "loopback-http", pagesUsed: ["/"] }))).toMatchObject({ "cookie.secure": "UNKNOWN", "cookie.prefix": "UNKNOWN" });
  });
});
