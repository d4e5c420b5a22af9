import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { isTotpCode, matchingTotpStep, newTotpSecret, TOTP_ISSUER, totpStep, totpUri } from "@/lib/security/totp";

// TOTP (RFC 6238) as the shop computes it, checked against the RFC's own test vectors
// rather than against itself.

// RFC 6238 Appendix B, SHA-1: the secret is the ASCII string "12345678901234567890", the
// codes have 8 digits. A 6-digit code is the same number modulo 10^6 (RFC 4226 section
// 5.3), so the shop's codes are the last six digits of each.
const RFC_SECRET = Secret.fromLatin1("12345678901234567890").base32;
const RFC_VECTORS = [
  { seconds: 59, step: 1, code: "94287082" },
  { seconds: 1111111109, step: 0x23523ec, code: "07081804" },
  { seconds: 1111111111, step: 0x23523ed, code: "14050471" },
  { seconds: 1234567890, step: 0x273ef07, code: "89005924" },
  { seconds: 2000000000, step: 0x3f940aa, code: "69279037" },
  { seconds: 20000000000, step: 0x27bc86aa, code: "65353130" },
];

const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP codes", () => {
  it("match RFC 6238's SHA-1 test vectors, step and code", () => {
    expect(RFC_SECRET).toBe("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    for (const { seconds, step, code } of RFC_VECTORS) {
      expect(totpStep(at(seconds))).toBe(step);
      expect(matchingTotpStep(RFC_SECRET, code.slice(-6), at(seconds))).toBe(step);
    }
  });

  it("accept a code of the step before or after (clock skew), and nothing further", () => {
    const now = at(1234567890);
    const step = totpStep(now);
    const codeOf = (offset: number) => TOTP.generate({ secret: Secret.fromBase32(RFC_SECRET), timestamp: now.getTime() + offset * 30_000 });
    expect(matchingTotpStep(RFC_SECRET, codeOf(-1), now)).toBe(step - 1);
    expect(matchingTotpStep(RFC_SECRET, codeOf(0), now)).toBe(step);
    expect(matchingTotpStep(RFC_SECRET, codeOf(1), now)).toBe(step + 1);
    expect(matchingTotpStep(RFC_SECRET, codeOf(-2), now)).toBeNull();
    expect(matchingTotpStep(RFC_SECRET, codeOf(2), now)).toBeNull();
  });

  it("use 30-second steps starting at the Unix epoch", () => {
    expect(totpStep(at(0))).toBe(0);
    expect(totpStep(at(29.999))).toBe(0);
    expect(totpStep(at(30))).toBe(1);
  });

  it("refuse anything that is not six digits before computing", () => {
    const now = at(59);
    expect(matchingTotpStep(RFC_SECRET, "94287082", now)).toBeNull();
    for (const code of ["", "28708", "2870822", "28708a", " 287082", "287082\n", "２８７０８２"]) {
      expect(isTotpCode(code)).toBe(false);
      expect(matchingTotpStep(RFC_SECRET, code, now)).toBeNull();
    }
    expect(isTotpCode("287082")).toBe(true);
  });

  it("refuse a code from another secret", () => {
    const other = Secret.fromLatin1("another secret of twenty").base32;
    const code = TOTP.generate({ secret: Secret.fromBase32(other), timestamp: 59_000 });
    expect(code).not.toBe("287082");
    expect(matchingTotpStep(other, code, at(59))).toBe(1);
    expect(matchingTotpStep(RFC_SECRET, code, at(59))).toBeNull();
  });
});

describe("a new TOTP secret", () => {
  it("is 160 random bits in upper-case base32, different every time", () => {
    const secrets = Array.from({ length: 20 }, newTotpSecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it("goes into an otpauth:// URI with the shop as issuer and the account as label", () => {
    const uri = new URL(totpUri(RFC_SECRET, "alice@example.com"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe(`/${TOTP_ISSUER}:alice@example.com`);
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: "Secure Sessions Shop",
      secret: RFC_SECRET,
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
  });
});
