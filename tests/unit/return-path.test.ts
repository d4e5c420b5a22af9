import { describe, expect, it } from "vitest";
import { loginPath, safeReturnPath } from "@/lib/auth/return-path";

// `?next=` comes from any link on the internet. Each case below is a way to turn a
// "back to where you were" redirect into a redirect to someone else's site.

describe("safeReturnPath", () => {
  it.each([
    ["/checkout", "/checkout"],
    ["/orders/abc123", "/orders/abc123"],
    ["/products/mug?ref=home#reviews", "/products/mug?ref=home#reviews"],
    ["/", "/"],
  ])("keeps the same-site path %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([
    ["an absolute URL", "https://evil.example/login"],
    ["a protocol-relative URL", "//evil.example"],
    ["a backslash host", "/\\evil.example"],
    ["a backslash after dot segments", "/.\\/evil.example"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "checkout"],
    ["a tab the parser strips", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a NUL byte", "/orders\u0000"],
    ["an empty string", ""],
    ["an over-long value", `/${"a".repeat(3000)}`],
  ])("falls back to / for %s", (_name, input) => {
    expect(safeReturnPath(input)).toBe("/");
  });

  it.each([[undefined], [null], [42], [["/checkout", "//evil.example"]], [{ toString: () => "/x" }]])(
    "falls back to / for a non-string %j",
    (input) => {
      expect(safeReturnPath(input)).toBe("/");
    },
  );

  it("never returns anything the browser would resolve to another origin", () => {
    const tricky = ["/%2F%2Fevil.example", "/%5Cevil.example", "/..//evil.example", "/./../evil.example", "/ /evil.example"];
    for (const input of tricky) {
      const result = safeReturnPath(input);
      expect(new URL(result, "https://shop.example").origin).toBe("https://shop.example");
    }
  });
});

describe("safeReturnPath at its edges", () => {
  it("accepts a path of exactly 2048 characters and refuses one longer", () => {
    const longest = `/${"a".repeat(2047)}`;
    expect(safeReturnPath(longest)).toBe(longest);
    expect(safeReturnPath(`${longest}a`)).toBe("/");
  });

  it("refuses an empty value", () => {
    expect(safeReturnPath("")).toBe("/");
  });

  it("keeps slashes and backslashes that come after the first segment", () => {
    expect(safeReturnPath("/a//")).toBe("/a//");
    // The parser writes a backslash as a slash; it stays on this site.
    expect(safeReturnPath("/a/\\")).toBe("/a//");
  });
});

describe("loginPath", () => {
  it("carries the page to come back to, encoded", () => {
    expect(loginPath("/orders/1?x=1&y=2")).toBe("/login?next=%2Forders%2F1%3Fx%3D1%26y%3D2");
  });
});
