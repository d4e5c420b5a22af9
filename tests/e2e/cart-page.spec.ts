import { expect, test, type Page } from "./fixtures";
import { addToCart, baseURL } from "./helpers";

// The cart page as a shopper sees it, on a laptop (1280×800) and a phone (390×844): cards
// as tall as what they hold, quantity fields that keep their size, one message at a time,
// a removal that says what it did and can be undone (with and without JavaScript), and a
// quantity the stock cut short told as a warning rather than a success.

const SIZES = [
  { name: "laptop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

const MUG = "Dip-Glazed Ceramic Mug";
const TOTE = "Sunrise Linen Tote";
// Five in stock in the seed: a quantity of 99 is cut to what is left.
const BACKPACK = { slug: "canvas-backpack", name: "Waxed Canvas Backpack" };

const items = (page: Page) => page.getByRole("list", { name: "Cart items" });
const lineOf = (page: Page, name: string) => items(page).getByRole("listitem").filter({ hasText: name });

async function box(locator: ReturnType<Page["locator"]>) {
  const found = await locator.boundingBox();
  expect(found, "the element is laid out").not.toBeNull();
  return found!;
}

for (const { name, viewport } of SIZES) {
  test.describe(`on a ${name}`, () => {
    test.use({ viewport });

    test("the items card is as tall as its lines, not stretched to the summary's height", async ({ page }) => {
      await addToCart(page, "ceramic-mug");
      await page.goto("/cart");
      const list = await box(items(page));
      const line = await box(lineOf(page, MUG));
      // The list's own border (1px top and bottom) is all it may add to its one line.
      expect(list.height).toBeLessThanOrEqual(line.height + 4);
    });

    test("the quantity field has one width, and keeps it when a message appears under it", async ({ page }) => {
      await addToCart(page, "ceramic-mug");
      await page.goto("/cart");
      const quantity = lineOf(page, MUG).getByLabel("Quantity");
      const before = await box(quantity);
      // w-20: 5rem.
      expect(Math.round(before.width)).toBe(80);

      await quantity.fill("2");
      await lineOf(page, MUG).getByRole("button", { name: "Update" }).click();
      await expect(lineOf(page, MUG).getByRole("status")).toHaveText("Cart updated.");
      expect((await box(quantity)).width).toBe(before.width);
    });
  });
}

test("a line's message goes when another line is removed; the removal says so and can be undone", async ({ page }) => {
  await addToCart(page, "ceramic-mug");
  await addToCart(page, "linen-tote-bag");
  await page.goto("/cart");

  await lineOf(page, MUG).getByLabel("Quantity").fill("2");
  await lineOf(page, MUG).getByRole("button", { name: "Update" }).click();
  await expect(lineOf(page, MUG).getByRole("status")).toHaveText("Cart updated.");

  await lineOf(page, TOTE).getByRole("button", { name: "Remove" }).click();
  await expect(lineOf(page, TOTE)).toHaveCount(0);
  // One message on the page, about the last change, where focus now is.
  const removed = page.getByRole("status").filter({ hasText: `Removed ${TOTE} from your cart.` });
  await expect(removed).toBeVisible();
  await expect(page.getByText("Cart updated.")).toHaveCount(0);
  await expect(page.locator(":focus")).toContainText(`Removed ${TOTE} from your cart.`);

  await removed.getByRole("button", { name: "Undo" }).click();
  await expect(lineOf(page, TOTE)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: `${TOTE} is back in your cart.` })).toBeVisible();
  await expect(lineOf(page, MUG).getByLabel("Quantity")).toHaveValue("2");
});

test("removing the last line still confirms it, above the empty cart, with its Undo", async ({ page }) => {
  await addToCart(page, "ceramic-mug");
  await page.goto("/cart");
  await lineOf(page, MUG).getByLabel("Quantity").fill("3");
  await lineOf(page, MUG).getByRole("button", { name: "Update" }).click();
  await expect(lineOf(page, MUG).getByRole("status")).toHaveText("Cart updated.");
  await lineOf(page, MUG).getByRole("button", { name: "Remove" }).click();

  await expect(page.getByRole("heading", { name: "Your cart is empty" })).toBeVisible();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(lineOf(page, MUG).getByLabel("Quantity")).toHaveValue("3");
});

test("without JavaScript, Remove removes, confirms, and Undo puts the line back", async ({ browser, context, page }) => {
  await addToCart(page, "ceramic-mug");
  await addToCart(page, "linen-tote-bag");
  const noScript = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false, storageState: await context.storageState() });
  const plain = await noScript.newPage();
  await plain.goto("/cart");

  await lineOf(plain, TOTE).getByRole("button", { name: "Remove" }).click();
  await expect(plain.getByText(`Removed ${TOTE} from your cart.`)).toBeVisible();
  await expect(lineOf(plain, TOTE)).toHaveCount(0);
  await expect(lineOf(plain, MUG)).toBeVisible();

  await plain.getByRole("button", { name: "Undo" }).click();
  await expect(plain.getByText(`${TOTE} is back in your cart.`)).toBeVisible();
  await expect(lineOf(plain, TOTE)).toBeVisible();
  await noScript.close();
});

test("a quantity cut to the stock left is a warning, not a success", async ({ page }) => {
  await addToCart(page, "ceramic-mug");
  await addToCart(page, BACKPACK.slug);
  await page.goto("/cart");

  await lineOf(page, MUG).getByLabel("Quantity").fill("2");
  await lineOf(page, MUG).getByRole("button", { name: "Update" }).click();
  const success = lineOf(page, MUG).getByRole("status").getByText("Cart updated.");
  await expect(success).toBeVisible();

  await lineOf(page, BACKPACK.name).getByLabel("Quantity").fill("99");
  await lineOf(page, BACKPACK.name).getByRole("button", { name: "Update" }).click();
  const warning = lineOf(page, BACKPACK.name).getByRole("status").getByText(/^(Note: )?Only \d+ left of .+; quantity set to \d+\.$/);
  await expect(warning).toBeVisible();
  // Said as a note to a screen reader, and drawn in the warning colours (accent-100), not
  // in the success colours (brand-50) that "Cart updated." had.
  await expect(warning).toContainText("Note:");
  await expect(warning).toHaveCSS("background-color", "rgb(253, 236, 211)");
  expect(await warning.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe("rgb(239, 248, 244)");
});

test("Add to cart beyond the stock is a warning too", async ({ page }) => {
  await page.goto(`/products/${BACKPACK.slug}`);
  await page.getByLabel("Quantity").fill("99");
  await page.getByRole("button", { name: "Add to cart" }).click();
  const warning = page.getByRole("status").getByText(/Only \d+ left of .+; your cart now holds \d+\./);
  await expect(warning).toBeVisible();
  await expect(warning).toHaveCSS("background-color", "rgb(253, 236, 211)");
});
