import { mkdirSync, renameSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { actionIdOf } from "./actions";
import { openDatabase } from "./helpers";
import { OUTAGE_DATA_DIR, OUTAGE_DATABASE_FILE } from "./outage-paths";

// The outage server (playwright.config.ts, project "outage") starts with the folder of its
// database missing: the state of a shop whose disk was not mounted. Visitors must get a
// friendly 503 that tells them to come back, not a 500; nothing may be written; and once a
// database is moved into place the shop must serve again without a restart.

test.describe.configure({ mode: "serial" });

test("the first visitor during an outage gets the 503 page, not an error", async ({ page }) => {
  // No request has touched the database before this one: the server has only served its
  // icon (the readiness check).
  const response = await page.goto("/");
  expect(response?.status()).toBe(503);
  expect(Number(response?.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { name: "We'll be right back" })).toBeVisible();

  const product = await page.goto("/products/ceramic-mug");
  expect(product?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "We'll be right back" })).toBeVisible();
});

test("the health check answers 503 with a short reason and no internals", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(503);
  const body = (await response.json()) as { status: string; reason: string };
  expect(body.status).toBe("unavailable");
  expect(body.reason.length).toBeGreaterThan(0);
  expect(body.reason.length).toBeLessThan(80);
  // No file path, stack or driver message.
  expect(JSON.stringify(body)).not.toMatch(/[/\\]|SQLITE|Error|at /);
});

test("a server action during an outage answers 503 and writes nothing", async ({ request }) => {
  const form = new FormData();
  form.set("1_slug", "ceramic-mug");
  form.set("1_quantity", "1");
  form.set("0", '["$undefined","$K1"]');
  const response = await request.post("/products/ceramic-mug", {
    headers: { "Next-Action": actionIdOf("addToCartAction"), Origin: new URL(test.info().project.use.baseURL!).origin },
    multipart: form,
  });
  expect(response.status()).toBe(503);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("the shop recovers by itself once the database is back", async ({ page, request }) => {
  // A consistent copy of the main e2e database, staged next door and renamed into place,
  // so the server never sees a half-written file.
  const staged = path.join(OUTAGE_DATA_DIR, "staged");
  mkdirSync(staged, { recursive: true });
  const source = openDatabase();
  await source.backup(path.join(staged, "shop.db"));
  source.close();
  renameSync(staged, path.dirname(OUTAGE_DATABASE_FILE));

  // Probed at most once a second while down: back within a couple of seconds.
  await expect.poll(async () => (await request.get("/api/health")).status(), { timeout: 5_000 }).toBe(200);
  const response = await page.goto("/products/ceramic-mug");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Add to cart" })).toBeVisible();

});
