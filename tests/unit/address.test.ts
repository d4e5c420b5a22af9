import { describe, expect, it } from "vitest";
import { addressLines, countryCodeOf, SHIPPING_COUNTRIES } from "@/lib/shop/address";

// An order's address is shown in the order its destination country writes it.

const address = { name: "Ada Tester", line1: "1 High Street", line2: null, city: "Springfield", postalCode: "12345" };

describe("addressLines", () => {
  it.each([
    ["United States", ["Springfield, 12345", "United States"]],
    ["Canada", ["Springfield, 12345", "Canada"]],
    ["Germany", ["12345 Springfield", "Germany"]],
    ["France", ["12345 Springfield", "France"]],
    ["Netherlands", ["12345 Springfield", "Netherlands"]],
    ["United Kingdom", ["Springfield", "12345", "United Kingdom"]],
    ["Ireland", ["Springfield", "12345", "Ireland"]],
    ["Australia", ["Springfield 12345", "Australia"]],
  ])("writes an address in %s in that country's order", (country, locality) => {
    expect(addressLines({ ...address, country })).toEqual(["Ada Tester", "1 High Street", ...locality]);
  });

  it("orders every country the checkout suggests, and keeps the country as typed", () => {
    for (const country of SHIPPING_COUNTRIES) {
      expect(countryCodeOf(country), country).toMatch(/^[A-Z]{2}$/);
      const lines = addressLines({ ...address, country });
      expect(lines.at(-1)).toBe(country);
      expect(lines.join("\n")).toContain("12345");
      expect(lines.join("\n")).toContain("Springfield");
    }
  });

  it("reads common spellings of a country", () => {
    expect(["USA", "U.S.", "us", " united  states ", "United States of America"].map(countryCodeOf)).toEqual(["US", "US", "US", "US", "US"]);
    expect(["UK", "Great Britain", "england"].map(countryCodeOf)).toEqual(["GB", "GB", "GB"]);
  });

  it("writes an unknown country postal code first, and keeps a second line", () => {
    expect(addressLines({ ...address, line2: "Flat 2", country: "Freedonia" })).toEqual(["Ada Tester", "1 High Street", "Flat 2", "12345 Springfield", "Freedonia"]);
  });

  it("never treats what the shopper typed as template text", () => {
    const lines = addressLines({ ...address, city: "{{{postcode}}} <b>", country: "Germany" });
    expect(lines).toContain("12345 {{{postcode}}} <b>");
  });
});
