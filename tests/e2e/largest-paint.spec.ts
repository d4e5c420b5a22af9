import { expect, test, type Page } from "./fixtures";
import { addToCart } from "./helpers";

// The picture that is a page's largest paint on a phone is fetched first: fetchpriority
// "high", never lazily. The browser itself says which element that is (the
// largest-contentful-paint entries), so the test follows the page, not a guess.

test.use({ viewport: { width: 390, height: 844 } });

async function largestPaint(page: Page): Promise<{ tag: string; fetchPriority: string | null; loading: string | null; src: string | null }> {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        new PerformanceObserver((list) => {
          const entries = list.getEntries() as (PerformanceEntry & { element: Element | null })[];
          const element = entries.at(-1)?.element;
          if (!element) return;
          resolve({
            tag: element.tagName.toLowerCase(),
            fetchPriority: element.getAttribute("fetchpriority"),
            loading: element.getAttribute("loading"),
            src: element.getAttribute("src"),
          });
        }).observe({ type: "largest-contentful-paint", buffered: true });
      }),
  );
}

test("a product page's picture is its largest paint, and is fetched first", async ({ page }) => {
  await page.goto("/products/ceramic-mug");
  expect(await largestPaint(page)).toEqual({ tag: "img", fetchPriority: "high", loading: "eager", src: "/products/ceramic-mug.svg" });
});

test("the cart's first picture is fetched first; the others wait", async ({ page }) => {
  // Lighthouse's phone (412×823 at 1.75× pixels) finds the first line's picture to be the
  // cart's largest paint; other screens may pick a heading. Either way it is not lazy.
  await addToCart(page, "ceramic-mug");
  await addToCart(page, "linen-tote-bag");
  await page.goto("/cart");
  const pictures = page.getByRole("list", { name: "Cart items" }).locator("img");
  await expect(pictures).toHaveCount(2);
  await expect(pictures.first()).toHaveAttribute("fetchpriority", "high");
  await expect(pictures.first()).toHaveAttribute("loading", "eager");
  await expect(pictures.nth(1)).not.toHaveAttribute("fetchpriority", "high");
  await expect(pictures.nth(1)).toHaveAttribute("loading", "lazy");
});
