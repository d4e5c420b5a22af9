import { expect, test } from "./fixtures";
import { addToCart, baseURL, expectSignedOut, formFieldsOf, newDevice, placeOrder, registerNewUser, submitSignIn, uniqueId } from "./helpers";

// A shopper's whole visit: browse as a guest, fill a cart, sign in at checkout without
// losing it, place the order and find it again.

test("a guest fills a cart, signs in at checkout, keeps the cart and places an order", async ({ browser, page }) => {
  // The account exists already (made on another device), as for a returning customer.
  const other = await newDevice(browser);
  const user = await registerNewUser(other.page);
  await other.context.close();

  await page.goto("/");
  await expectSignedOut(page);
  await page.getByRole("link", { name: "Dip-Glazed Ceramic Mug" }).click();
  await expect(page).toHaveURL(/\/products\/ceramic-mug$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dip-Glazed Ceramic Mug" })).toBeVisible();
  await expect(page.getByText("$24.00").first()).toBeVisible();

  const added = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await added;
  await expect(page.getByRole("status").filter({ hasText: /added/i })).toBeVisible();
  await addToCart(page, "dot-grid-notebook");

  await page.goto("/cart");
  const items = page.getByRole("list", { name: "Cart items" });
  const mugLine = items.getByRole("listitem").filter({ hasText: "Dip-Glazed Ceramic Mug" });
  await expect(mugLine).toBeVisible();
  await expect(items.getByRole("listitem").filter({ hasText: "A5 Dot-Grid Notebook" })).toBeVisible();
  // 1 x $24.00 + 1 x $16.00
  await expect(page.getByText("$40.00")).toBeVisible();

  await mugLine.getByLabel("Quantity").fill("3");
  await mugLine.getByRole("button", { name: "Update" }).click();
  // 3 x $24.00 = $72.00 for the line, + $16.00 = $88.00 in total
  await expect(mugLine.getByText("$72.00")).toBeVisible();
  await expect(page.getByText("$88.00")).toBeVisible();

  await page.getByRole("link", { name: "Checkout" }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fcheckout$/);
  await submitSignIn(page, user.email, user.password);

  // Back where the shopper was going, with everything picked as a guest, and told so.
  await expect(page).toHaveURL(/\/checkout$/);
  await expect(page.getByRole("status").filter({ hasText: "4 items from this browser were added to your cart." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByText("Dip-Glazed Ceramic Mug")).toBeVisible();
  await expect(page.getByText("A5 Dot-Grid Notebook")).toBeVisible();
  await expect(page.getByText("$88.00").first()).toBeVisible();

  const street = `${uniqueId()} Journey Road`;
  const orderUrl = await placeOrder(page, { name: user.name, line1: street });
  const main = page.getByRole("main");
  await expect(main.getByText("Dip-Glazed Ceramic Mug")).toBeVisible();
  await expect(main.getByText("A5 Dot-Grid Notebook")).toBeVisible();
  await expect(main.getByText("$88.00").first()).toBeVisible();
  await expect(main.getByText(street)).toBeVisible();

  const orderPath = new URL(orderUrl).pathname;
  await page.goto("/orders");
  await expect(page.locator(`a[href="${orderPath}"]`)).toBeVisible();

  // The order took the cart with it.
  await page.goto("/cart");
  await expect(page.getByRole("heading", { name: /empty/i })).toBeVisible();
  await expect(page.getByRole("list", { name: "Cart items" })).toHaveCount(0);
});

test("a sold-out product cannot be added to the cart, even by a forged form", async ({ page }) => {
  await page.goto("/products/desk-lamp");
  await expect(page.getByText("Sold out").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeDisabled();

  // The disabled button sends nothing, so the server's own check is tried with a forged
  // request: a real Add to cart form from a product in stock, pointed at the lamp.
  await page.goto("/products/ceramic-mug");
  const form = await formFieldsOf(page, "Add to cart");
  const origin = { Origin: new URL(baseURL()).origin };
  const forged = await page.request.post("/products/desk-lamp", { headers: origin, multipart: { ...form, slug: "desk-lamp" }, maxRedirects: 0 });
  expect(forged.status()).toBeLessThan(400);
  expect(await forged.text()).toContain("sold out");
  await page.goto("/cart");
  await expect(page.getByText("Teal Task Lamp")).toHaveCount(0);

  // Control: the same forged form, with the mug's own slug, does add the mug.
  await page.request.post("/products/ceramic-mug", { headers: origin, multipart: form, maxRedirects: 0 });
  await page.goto("/cart");
  await expect(page.getByRole("list", { name: "Cart items" }).getByRole("link", { name: "Dip-Glazed Ceramic Mug" })).toBeVisible();
});

test("prices are shown as money: dollars and cents", async ({ page }) => {
  await page.goto("/");
  const mugCard = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Dip-Glazed Ceramic Mug" }) });
  await expect(mugCard).toContainText("$24.00");
  const headphonesCard = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Wireless Over-Ear Headphones" }) });
  await expect(headphonesCard).toContainText("$129.00");

  await page.goto("/products/canvas-backpack");
  await expect(page.getByText("$148.00")).toBeVisible();
});
