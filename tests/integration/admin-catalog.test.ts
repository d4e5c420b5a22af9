import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { log } from "@/lib/log";
import {
  listProductsForAdmin,
  parsePriceInput,
  parseProductChange,
  parseStockInput,
  priceInputOf,
  updateProduct,
} from "@/lib/admin/catalog";
import { createUser, resetDatabase, seedProduct } from "./helpers/db";
import { createAdmin } from "./helpers/admin";

// Prices and stock as an admin edits them: the form's text is checked field by field, a
// price in dollars becomes integer cents without floating-point drift, and a save never
// overwrites a sale made while the form was open.

beforeEach(resetDatabase);
afterEach(() => vi.restoreAllMocks());

describe("the price field", () => {
  it("turns dollars into whole cents, digit by digit", () => {
    expect(parsePriceInput("12.50")).toEqual({ value: 1250 });
    expect(parsePriceInput("12.5")).toEqual({ value: 1250 });
    expect(parsePriceInput("12")).toEqual({ value: 1200 });
    expect(parsePriceInput(" $0.29 ")).toEqual({ value: 29 });
    expect(parsePriceInput("0.01")).toEqual({ value: 1 });
    expect(parsePriceInput("007.05")).toEqual({ value: 705 });
    expect(parsePriceInput("100000")).toEqual({ value: 10_000_000 });
    expect(parsePriceInput("100000.00")).toEqual({ value: 10_000_000 });
  });

  it("refuses anything else with a message that says what is wrong", () => {
    expect(parsePriceInput("")).toEqual({ error: "Enter a price." });
    expect(parsePriceInput("  $ ")).toEqual({ error: "Enter a price." });
    expect(parsePriceInput("$-5")).toEqual({ error: "The price cannot be negative." });
    expect(parsePriceInput("$")).toEqual({ error: "Enter a price." });
    expect(parsePriceInput("-1")).toEqual({ error: "The price cannot be negative." });
    expect(parsePriceInput("-0.50")).toEqual({ error: "The price cannot be negative." });
    for (const text of ["12.505", "1,000", "12.", ".5", "1e3", "abc", "12 50", "0x10", "Infinity", "$$5", "5$"]) {
      expect(parsePriceInput(text), text).toEqual({ error: "Enter the price in dollars, like 12.50." });
    }
    expect(parsePriceInput("100000.01")).toEqual({ error: "The price can be at most $100,000.00." });
    expect(parsePriceInput("9".repeat(400))).toEqual({ error: "The price can be at most $100,000.00." });
    expect(parsePriceInput("0")).toEqual({ error: "The price must be at least $0.01." });
    expect(parsePriceInput("0.00")).toEqual({ error: "The price must be at least $0.01." });
  });

  it("shows cents as the text the field starts with", () => {
    expect(priceInputOf(1250)).toBe("12.50");
    expect(priceInputOf(29)).toBe("0.29");
    expect(priceInputOf(10_000_000)).toBe("100000.00");
  });
});

describe("the stock field", () => {
  it("takes a whole number from 0 to 1,000,000", () => {
    expect(parseStockInput("0")).toEqual({ value: 0 });
    expect(parseStockInput(" 14 ")).toEqual({ value: 14 });
    expect(parseStockInput("1000000")).toEqual({ value: 1_000_000 });
  });

  it("refuses anything else with a message that says what is wrong", () => {
    expect(parseStockInput("")).toEqual({ error: "Enter the number in stock." });
    expect(parseStockInput("-1")).toEqual({ error: "Stock cannot be negative." });
    expect(parseStockInput("2.5")).toEqual({ error: "Stock must be a whole number." });
    expect(parseStockInput("3.")).toEqual({ error: "Stock must be a whole number." });
    expect(parseStockInput(".5")).toEqual({ error: "Stock must be a whole number." });
    expect(parseStockInput("1000001")).toEqual({ error: "Stock can be at most 1,000,000." });
    for (const text of ["ten", "1e3", "1,000", "+5", "0x10", "5 5", ".", "abc.5", "2.5x"]) {
      expect(parseStockInput(text), text).toEqual(text === "." ? { error: "Stock must be a whole number." } : { error: "Enter the number in stock, like 12." });
    }
  });
});

describe("the product form", () => {
  const valid = { productId: "cmproduct0001", price: "12.50", stock: "14", stockShown: "10" };

  it("gives the product, the price in cents, the new stock and the stock shown", () => {
    const parsed = parseProductChange(valid);
    expect(parsed.success && parsed.data).toEqual({ productId: "cmproduct0001", priceCents: 1250, stock: 14, stockShown: 10 });
  });

  it("puts each field's message on that field", () => {
    const parsed = parseProductChange({ ...valid, price: "-3", stock: "2.5" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["price", "The price cannot be negative."],
      ["stock", "Stock must be a whole number."],
    ]);
    const product = parseProductChange({ ...valid, productId: "../etc" });
    expect(product.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([["productId", "That product could not be found."]]);
    expect(parseProductChange({ ...valid, stockShown: "x" }).success).toBe(false);
    expect(parseProductChange({ productId: "p" }).success).toBe(false);
  });
});

describe("saving a product", () => {
  it("stores the price in cents and the stock, and says so", async () => {
    const admin = await createAdmin();
    const mug = await seedProduct({ name: "Mug", priceCents: 1000, stock: 10 });
    const other = await seedProduct({ priceCents: 500, stock: 3 });
    const logged = vi.spyOn(log, "info");

    const result = await updateProduct(admin.id, { productId: mug.id, priceCents: 1250, stock: 14, stockShown: 10 });

    expect(result).toEqual({ ok: true, message: "Mug saved: $12.50, 14 in stock." });
    expect(await db.product.findUniqueOrThrow({ where: { id: mug.id } })).toMatchObject({ priceCents: 1250, stock: 14 });
    expect(await db.product.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ priceCents: 500, stock: 3 });
    expect(logged).toHaveBeenCalledWith(
      { event: "admin_change", action: "product_updated", adminId: admin.id, productId: mug.id, priceCents: 1250, stock: 14 },
      "admin change",
    );
  });

  it("refuses to overwrite stock that changed since the page was opened", async () => {
    const admin = await createAdmin();
    const mug = await seedProduct({ name: "Mug", priceCents: 1000, stock: 9 });

    expect(await updateProduct(admin.id, { productId: mug.id, priceCents: 1250, stock: 14, stockShown: 10 })).toEqual({
      ok: false,
      message: "Mug: the stock changed to 9 since this page was opened. Check it and save again.",
    });
    expect(await db.product.findUniqueOrThrow({ where: { id: mug.id } })).toMatchObject({ priceCents: 1000, stock: 9 });
  });

  it("refuses an unknown product and a non-admin", async () => {
    const admin = await createAdmin();
    const customer = await createUser();
    const mug = await seedProduct({ priceCents: 1000, stock: 10 });

    expect(await updateProduct(admin.id, { productId: "unknown", priceCents: 1, stock: 1, stockShown: 1 })).toEqual({
      ok: false,
      message: "That product could not be found.",
    });
    expect(await updateProduct(customer.id, { productId: mug.id, priceCents: 1, stock: 1, stockShown: 10 })).toEqual({
      ok: false,
      message: "Only an admin can do that.",
    });
    expect(await db.product.findUniqueOrThrow({ where: { id: mug.id } })).toMatchObject({ priceCents: 1000, stock: 10 });
  });

  it("lists every product by name with its price and stock", async () => {
    const b = await seedProduct({ name: "B lamp", priceCents: 300, stock: 0 });
    const a = await seedProduct({ name: "A mug", priceCents: 200, stock: 4 });
    expect(await listProductsForAdmin()).toEqual([
      { id: a.id, slug: a.slug, name: "A mug", priceCents: 200, currency: "USD", stock: 4 },
      { id: b.id, slug: b.slug, name: "B lamp", priceCents: 300, currency: "USD", stock: 0 },
    ]);
  });
});
