import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { formatMoney } from "@/lib/shop/money";
import { parseRecordId } from "@/lib/record-id";
import { AdminRefusal, adminTransaction, type AdminResult } from "./access";

// Prices and stock, as an admin edits them. The form takes a price in dollars ("12.50"),
// the database keeps integer cents (lib/shop/money.ts): the conversion is done on the
// digits, never through a floating-point number, so "0.29" is 29 cents and not 28.99999.

/** More than any real product here; a typo with extra zeros is refused, not saved. */
export const MAX_PRICE_CENTS = 10_000_000;
export const MAX_STOCK = 1_000_000;

type Parsed<T> = { value: T } | { error: string };

/** "12.50", "12.5", "12" or "$12.50" to 1250 cents; a message for anything else. */
export function parsePriceInput(text: string): Parsed<number> {
  const price = text.trim().replace(/^\$/, "");
  if (price === "") return { error: "Enter a price." };
  if (price.startsWith("-")) return { error: "The price cannot be negative." };
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(price);
  if (!match) return { error: "Enter the price in dollars, like 12.50." };
  const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (cents > MAX_PRICE_CENTS) return { error: `The price can be at most ${formatMoney(MAX_PRICE_CENTS, "USD")}.` };
  if (cents === 0) return { error: "The price must be at least $0.01." };
  return { value: cents };
}

/** A whole number of units from 0 to MAX_STOCK; a message for anything else. */
export function parseStockInput(text: string): Parsed<number> {
  const stock = text.trim();
  if (stock === "") return { error: "Enter the number in stock." };
  if (stock.startsWith("-")) return { error: "Stock cannot be negative." };
  if (/^\d*\.\d*$/.test(stock)) return { error: "Stock must be a whole number." };
  if (!/^\d+$/.test(stock)) return { error: "Enter the number in stock, like 12." };
  const units = Number(stock);
  if (units > MAX_STOCK) return { error: `Stock can be at most ${MAX_STOCK.toLocaleString("en-US")}.` };
  return { value: units };
}

/** Cents back to the text the price field shows: 1250 to "12.50". */
export function priceInputOf(cents: number): string {
  return (cents / 100).toFixed(2);
}

export type ProductChange = { productId: string; priceCents: number; stock: number; stockShown: number };

/**
 * The product form, checked: its product id, price and stock, and the stock the page
 * showed when the admin opened it (`stockShown`), which decides whether an order placed
 * meanwhile would be overwritten.
 */
export function parseProductChange(fields: Record<string, string>) {
  const checked = (parse: (text: string) => Parsed<number>) =>
    z.string().transform((text, context) => {
      const result = parse(text);
      if ("value" in result) return result.value;
      // Stryker disable next-line StringLiteral: equivalent, zod keeps the message whatever the issue's code.
      context.addIssue({ code: "custom", message: result.error });
      return z.NEVER;
    });
  return z
    .object({
      productId: z.string().refine((value) => parseRecordId(value) !== null, "That product could not be found."),
      price: checked(parsePriceInput),
      stock: checked(parseStockInput),
      stockShown: checked(parseStockInput),
    })
    .transform(({ productId, price, stock, stockShown }): ProductChange => ({ productId, priceCents: price, stock, stockShown }))
    .safeParse(fields);
}

export type AdminProduct = { id: string; slug: string; name: string; priceCents: number; currency: string; stock: number };

export async function listProductsForAdmin(): Promise<AdminProduct[]> {
  return db.product.findMany({
    orderBy: { name: "asc" },
    select: { id: true, slug: true, name: true, priceCents: true, currency: true, stock: true },
  });
}

/**
 * Saves a product's price and stock. Stock is also taken by checkout; the update applies
 * only while the stock is still what the admin saw, so a sale made while the form was
 * open is not silently undone by an old number.
 */
export async function updateProduct(adminId: string, change: ProductChange): Promise<AdminResult> {
  return adminTransaction(adminId, "product_updated", async (tx) => {
    const product = await tx.product.findUnique({ where: { id: change.productId }, select: { name: true, currency: true, stock: true } });
    if (!product) throw new AdminRefusal("That product could not be found.");
    if (product.stock !== change.stockShown) {
      throw new AdminRefusal(`${product.name}: the stock changed to ${product.stock} since this page was opened. Check it and save again.`);
    }
    await tx.product.update({ where: { id: change.productId }, data: { priceCents: change.priceCents, stock: change.stock } });
    return {
      message: `${product.name} saved: ${formatMoney(change.priceCents, product.currency)}, ${change.stock} in stock.`,
      details: { productId: change.productId, priceCents: change.priceCents, stock: change.stock },
    };
  });
}
