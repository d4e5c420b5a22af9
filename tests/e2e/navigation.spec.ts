import { expect, test, type Page } from "./fixtures";
import { addToCart, placeOrder, registerNewUser, signIn } from "./helpers";

// Finding one's way: tab titles that say where one is, the header marking the current
// page, a signed-in user sent on to where a sign-in link was going, and the demo accounts
// offered on the local demo's sign-in page.

const DEMO = [
  { email: "alice@example.com", password: "wonderland-demo-42" },
  { email: "admin@example.com", password: "admin-demo-password-77" },
];

test("a missing product's tab says so, not just the shop's name", async ({ page }) => {
  const response = await page.goto("/products/no-such-product");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Product not found · Larkspur Goods");
});

test("a signed-in user at /login?next= or /register?next= goes on to that page, and only to this site", async ({ page }) => {
  await registerNewUser(page);
  await page.goto("/login?next=/orders");
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { name: "Your orders" })).toBeVisible();
  await page.goto(`/register?next=${encodeURIComponent("/account/sessions")}`);
  await expect(page).toHaveURL(/\/account\/sessions$/);

  for (const next of ["https://evil.example", "//evil.example", "/\\evil.example"]) {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/$/);
  }
});

const HEADER_LINKS = ["Shop", "Orders", "Security", "Sessions", "Admin", "Sign in", "Cart"];

/** The header's links that carry aria-current, by their label, with its value. */
async function currentLinks(page: Page): Promise<Record<string, string>> {
  const links = page.getByRole("banner").locator("a[aria-current]");
  await expect(links.first()).toBeVisible();
  const found: Record<string, string> = {};
  for (const link of await links.all()) {
    const text = (await link.innerText()).trim();
    found[HEADER_LINKS.find((label) => text.startsWith(label)) ?? text] = (await link.getAttribute("aria-current"))!;
  }
  return found;
}

test("the header marks the current page, and the section of a deeper page", async ({ page }) => {
  await page.goto("/");
  expect(await currentLinks(page)).toEqual({ Shop: "page" });
  await page.goto("/products/ceramic-mug");
  expect(await currentLinks(page)).toEqual({ Shop: "true" });
  await page.goto("/login");
  expect(await currentLinks(page)).toEqual({ "Sign in": "page" });

  await registerNewUser(page);
  await addToCart(page, "ceramic-mug");
  await page.goto("/cart");
  expect(await currentLinks(page)).toEqual({ Cart: "page" });
  await page.goto("/checkout");
  await placeOrder(page);
  expect(await currentLinks(page)).toEqual({ Orders: "true" });
  // After a client-side navigation too.
  await page.getByRole("banner").getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Orders" })).toHaveAttribute("aria-current", "page");
  expect(await currentLinks(page)).toEqual({ Orders: "page" });
  await page.getByRole("banner").getByRole("link", { name: "Sessions" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sessions" })).toHaveAttribute("aria-current", "page");
  expect(await currentLinks(page)).toEqual({ Sessions: "page" });
});

test("the local demo's sign-in page lists the demo accounts, and they work", async ({ page }) => {
  await page.goto("/login");
  const demo = page.getByRole("region", { name: "Demo accounts" });
  for (const { email, password } of DEMO) {
    await expect(demo.getByText(email)).toBeVisible();
    await expect(demo.getByText(password)).toBeVisible();
  }
  const { email, password } = DEMO[0]!;
  await signIn(page, email, password);
});
