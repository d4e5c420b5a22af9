import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { addToCart, baseURL, newDevice, openDatabase, placeOrder, registerNewUser, signIn } from "./helpers";

// A server action is a public POST endpoint: whoever knows its id (it is in every page's
// HTML) can call it with any body. Next.js decodes the body into the action's arguments,
// so they are whatever the request says, not what the TypeScript signature says. Each
// action must answer bad arguments with a result and change nothing; a 500 is a crash.

/** Every server action id a page's forms carry, as the browser sees them. */
async function actionIdsOn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ids = new Set<string>();
    for (const input of document.querySelectorAll<HTMLInputElement>("input[name^='$ACTION']")) {
      // A plain <form action={fn}>: the id is in the field's name.
      if (input.name.startsWith("$ACTION_ID_")) ids.add(input.name.slice("$ACTION_ID_".length));
      // A useActionState form: React writes {"id": ..., "bound": ...} into `$ACTION_<n>:0`.
      if (/^\$ACTION_\d+:0$/.test(input.name)) ids.add((JSON.parse(input.value) as { id: string }).id);
    }
    return [...ids];
  });
}

/** Everything an action could change, read straight from the database. */
function snapshot(): string {
  const db = openDatabase();
  try {
    const one = (sql: string): unknown => db.prepare(sql).get();
    return JSON.stringify({
      sessions: db.prepare(`SELECT id, userId FROM "Session" ORDER BY id`).all(),
      users: one(`SELECT COUNT(*) AS n, MAX(email) AS last FROM "User"`),
      cartItems: db.prepare(`SELECT id, quantity FROM "CartItem" ORDER BY id`).all(),
      orders: one(`SELECT COUNT(*) AS n FROM "Order"`),
      stock: one(`SELECT SUM(stock) AS n FROM "Product"`),
    });
  } finally {
    db.close();
  }
}

/** The two bodies that used to crash an action: no arguments at all, and a form where the state should be. */
async function postBadBodies(client: APIRequestContext, path: string, id: string): Promise<void> {
  const origin = new URL(baseURL()).origin;
  const noArguments = await client.post(path, {
    headers: { Origin: origin, "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: "[]",
    maxRedirects: 0,
  });
  expect(noArguments.status(), `${path} ${id}: Next-Action with []`).toBeLessThan(500);

  const formFirst = await client.post(path, { headers: { Origin: origin }, multipart: { [`$ACTION_ID_${id}`]: "" }, maxRedirects: 0 });
  expect(formFirst.status(), `${path} ${id}: $ACTION_ID_ form`).toBeLessThan(500);
}

test("every action on the shop's pages answers malformed arguments without a 500 or a change", async ({ browser, context, page }) => {
  // A signed-in user with a second device (so the sessions page has Revoke) and a full cart
  // (so the cart and checkout pages have their forms).
  const user = await registerNewUser(page);
  const phone = await newDevice(browser);
  await signIn(phone.page, user.email, user.password);
  await addToCart(page, "ceramic-mug");

  const signedInPages = ["/products/ceramic-mug", "/cart", "/checkout", "/account/sessions"];
  const anonymousPages = ["/login", "/register"];
  const targets: { path: string; id: string; client: APIRequestContext }[] = [];
  for (const path of signedInPages) {
    await page.goto(path);
    for (const id of await actionIdsOn(page)) targets.push({ path, id, client: context.request });
  }
  const visitor = await newDevice(browser);
  for (const path of anonymousPages) {
    await visitor.page.goto(path);
    for (const id of await actionIdsOn(visitor.page)) targets.push({ path, id, client: visitor.context.request });
  }
  // sign in, register, add, change a cart line (update, remove and undo are one action),
  // place order, revoke, revoke others (sign-out is a route handler, app/sign-out/route.ts,
  // not an action).
  expect(new Set(targets.map((target) => target.id)).size).toBeGreaterThanOrEqual(7);

  const before = snapshot();
  for (const { path, id, client } of targets) await postBadBodies(client, path, id);
  expect(snapshot(), "no action changed anything").toBe(before);

  // And an action's answer to a missing form is a result the form can show.
  const productId = targets.find((target) => target.path === "/products/ceramic-mug")!.id;
  const answer = await context.request.post("/products/ceramic-mug", {
    headers: { Origin: new URL(baseURL()).origin, "Next-Action": productId, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component" },
    data: "[]",
  });
  expect(await answer.text()).toContain("could not be read");

  await phone.context.close();
  await visitor.context.close();
});

test("adding a product that does not exist answers with a message, not a 404 page", async ({ page }) => {
  await page.goto("/products/ceramic-mug");
  // A stale page or a tampered form: the slug names no product.
  await page.locator("input[name=slug]").evaluate((input) => ((input as HTMLInputElement).value = "no-such-product"));
  const posted = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Add to cart" }).click();
  expect((await posted).status()).toBeLessThan(400);
  await expect(page.getByRole("status").filter({ hasText: "no longer available" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dip-Glazed Ceramic Mug" })).toBeVisible();
});

test.describe("the header's cart badge", () => {
  function badge(page: Page) {
    return page.getByRole("banner").getByRole("link", { name: /^Cart/ });
  }
  async function expectBadge(page: Page, count: number): Promise<void> {
    await expect(badge(page)).toHaveAccessibleName(new RegExp(`, ${count} ${count === 1 ? "item" : "items"}$`));
  }

  test("shows the cart's count after every action, without a reload", async ({ page }) => {
    await addToCart(page, "ceramic-mug");
    await expectBadge(page, 1);
    await addToCart(page, "linen-tote-bag");
    await expectBadge(page, 2);

    // Client-side navigations reuse the layout; it must still show the new count.
    await badge(page).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expectBadge(page, 2);

    const mugLine = page.getByRole("listitem").filter({ hasText: "Ceramic Mug" });
    await mugLine.getByLabel(/Quantity/).fill("3");
    await mugLine.getByRole("button", { name: "Update" }).click();
    await expectBadge(page, 4);

    await page.getByRole("listitem").filter({ hasText: "Sunrise Linen Tote" }).getByRole("button", { name: "Remove" }).click();
    await expectBadge(page, 3);

    // Registering signs in and carries the guest cart over.
    await registerNewUser(page);
    await expectBadge(page, 3);

    await page.goto("/checkout");
    await placeOrder(page);
    // After checkout's redirect the cart is empty, on the order page and on the way back.
    await expectBadge(page, 0);
    await page.getByRole("banner").getByRole("link", { name: "Shop" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expectBadge(page, 0);
    await page.goBack();
    await expectBadge(page, 0);
  });
});
