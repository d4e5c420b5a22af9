import Database from "better-sqlite3";
import { expect, test } from "./fixtures";
import { baseURL, formFieldsOf } from "./helpers";

// Runs against the second server (default limits): what one network can start, and that a
// client cannot choose the address the limit counts by sending X-Forwarded-For.

const DATABASE_FILE = ".tmp/e2e-short-timeouts/shop.db";
const GUEST_SESSIONS_PER_HOUR = 30;

function guestSessions(): { ipAddress: string | null }[] {
  const db = new Database(DATABASE_FILE, { fileMustExist: true, readonly: true });
  try {
    return db.prepare(`SELECT ipAddress FROM "Session" WHERE userId IS NULL`).all() as { ipAddress: string | null }[];
  } finally {
    db.close();
  }
}

test("a flood of add-to-cart posts, each claiming another address, starts at most the hourly limit of guest sessions", async ({ page, playwright }) => {
  await page.goto("/products/ceramic-mug");
  const form = await formFieldsOf(page, "Add to cart");
  const origin = new URL(baseURL()).origin;
  const before = guestSessions().length;

  const answers: string[] = [];
  for (let i = 0; i < GUEST_SESSIONS_PER_HOUR + 5; i += 1) {
    // A new client each time: no cookie, so each post would start a guest session.
    const client = await playwright.request.newContext({ baseURL: baseURL() });
    const response = await client.post("/products/ceramic-mug", {
      headers: { Origin: origin, "X-Forwarded-For": `198.51.100.${i + 1}` },
      multipart: form,
      maxRedirects: 0,
    });
    expect(response.status(), `post ${i + 1}`).toBeLessThan(500);
    answers.push(await response.text());
    await client.dispose();
  }

  const sessions = guestSessions();
  expect(sessions.length - before).toBeLessThanOrEqual(GUEST_SESSIONS_PER_HOUR);
  // The address recorded is the connection's, never the one claimed.
  expect(sessions.some(({ ipAddress }) => ipAddress?.startsWith("198.51.100."))).toBe(false);
  expect(answers.at(-1)).toContain("Too many new carts were started from your network in the last hour");
});
