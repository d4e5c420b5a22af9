import { expect, test, type Page } from "./fixtures";
import { addToCart, baseURL, placeOrder, registerNewUser, type ShippingAddress } from "./helpers";

// The order pages as a customer sees them: thanked once, right after checkout (and never
// because of something in a link), times in the customer's own time zone, and the address
// written the way the destination country writes it.

async function orderSomething(page: Page, address: Partial<ShippingAddress> = {}): Promise<string> {
  await addToCart(page, "dot-grid-notebook");
  await page.goto("/checkout");
  return new URL(await placeOrder(page, address)).pathname;
}

const thanks = (page: Page) => page.getByText("Thank you! Your order was placed.");

test("the order page thanks once, right after checkout, and not on later visits", async ({ page }) => {
  await registerNewUser(page);
  // The page asks for its flag to be cleared once it has shown the thanks.
  const cleared = page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname.startsWith("/orders/"));
  const orderPath = await orderSomething(page);
  await expect(thanks(page)).toBeVisible();
  await cleared;
  // Still on screen after the clearing re-rendered the page: the shopper reads it in peace.
  await expect(thanks(page)).toBeVisible();

  // Gone for every later visit: a reload, a visit from the list, a link with a query.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: /^Order / })).toBeVisible();
  await expect(thanks(page)).toHaveCount(0);
  await page.goto("/orders");
  await page.locator(`a[href="${orderPath}"]`).click();
  await expect(page).toHaveURL(new RegExp(`${orderPath}$`));
  await expect(page.getByRole("heading", { level: 1, name: /^Order / })).toBeVisible();
  await expect(thanks(page)).toHaveCount(0);

  // Nothing in a link can make the page say it.
  for (const query of ["?placed=1", "?thanks=1", "?notice=Thank%20you"]) {
    await page.goto(`${orderPath}${query}`);
    await expect(page.getByRole("heading", { level: 1, name: /^Order / })).toBeVisible();
    await expect(thanks(page)).toHaveCount(0);
  }
});

test("order times are in the viewer's time zone, with the instant in <time datetime>", async ({ browser }) => {
  const viewer = await browser.newContext({ baseURL: baseURL(), timezoneId: "Asia/Kolkata" });
  const page = await viewer.newPage();
  const problems: string[] = [];
  page.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
  page.on("pageerror", (error) => problems.push(error.message));

  await registerNewUser(page);
  const orderPath = await orderSomething(page);
  for (const path of [orderPath, "/orders"]) {
    const response = await page.goto(path);
    // The server cannot know the zone and says UTC; the browser rewrites it in its own.
    expect(await response?.text()).toMatch(/<time[^>]*>[^<]* UTC<\/time>/);
    const time = page.getByRole("main").locator("time").first();
    await expect(time).toHaveText(/GMT\+5:30$/);
    const iso = await time.getAttribute("datetime");
    expect(new Date(iso!).toISOString()).toBe(iso);
  }
  // No hydration mismatch (React reports one as a console error) and no other error.
  expect(problems).toEqual([]);
  await viewer.close();
});

test("the address is written in the destination country's order", async ({ page }) => {
  await registerNewUser(page);
  const cases = [
    { country: "United States", city: "Springfield", postalCode: "62701", lines: ["Springfield, 62701", "United States"] },
    { country: "Germany", city: "Berlin", postalCode: "10115", lines: ["10115 Berlin", "Germany"] },
    { country: "United Kingdom", city: "London", postalCode: "SW1A 1AA", lines: ["London", "SW1A 1AA", "United Kingdom"] },
  ];
  for (const { country, city, postalCode, lines } of cases) {
    await orderSomething(page, { country, city, postalCode, line1: "1 High Street" });
    const address = page.locator("address");
    const shown = (await address.locator("span").allTextContents()).map((line) => line.trim());
    expect(shown.slice(-lines.length), country).toEqual(lines);
    expect(shown.slice(1, 2)).toEqual(["1 High Street"]);
  }
});
