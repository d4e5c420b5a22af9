import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, lineTotalCents, sumCents } from "@/lib/shop/money";

// Every total in the shop (cart lines and subtotal, the order's total, the order page's
// lines) is computed by these two functions, so they are where a rounding or overflow bug
// would live.

describe("lineTotalCents", () => {
  it.each([
    [1250, 1, 1250],
    [1250, 3, 3750],
    [999, 99, 98_901],
    [0, 5, 0],
    [1250, 0, 0],
  ])("%i cents × %i = %i", (unit, quantity, expected) => {
    expect(lineTotalCents(unit, quantity)).toBe(expected);
  });

  it.each([
    ["a price in dollars", 12.5, 1],
    ["a negative price", -100, 1],
    ["a fractional quantity", 100, 1.5],
    ["a negative quantity", 100, -1],
    ["NaN", Number.NaN, 1],
    ["a product past the safe integers", Number.MAX_SAFE_INTEGER, 2],
  ])("refuses %s", (_case, unit, quantity) => {
    expect(() => lineTotalCents(unit, quantity)).toThrow(RangeError);
  });
});

describe("sumCents", () => {
  it("adds whole cents exactly, where dollars would drift", () => {
    expect(sumCents([10, 20])).toBe(30);
    expect(formatMoney(sumCents([10, 20]), "USD")).toBe("$0.30");
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it("is 0 for no lines", () => {
    expect(sumCents([])).toBe(0);
  });

  it("refuses an amount that is not whole cents", () => {
    expect(() => sumCents([100, 0.5])).toThrow(RangeError);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });

  it("equals the line totals added one by one, in any order", () => {
    const line = fc.record({ unit: fc.integer({ min: 0, max: 1_000_000 }), quantity: fc.integer({ min: 0, max: 99 }) });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 50 }), (lines) => {
        const totals = lines.map(({ unit, quantity }) => lineTotalCents(unit, quantity));
        let expected = 0;
        for (const { unit, quantity } of lines) expected += unit * quantity;
        expect(sumCents(totals)).toBe(expected);
        expect(sumCents([...totals].reverse())).toBe(expected);
      }),
    );
  });
});
