import type { Browser } from "./fixtures";
import { expect, test } from "./fixtures";
import { authSession, baseURL, expectSentToLogin, openDatabase, openSessionsPage, plantSessionCookie, registerNewUser, sessionToken } from "./helpers";

// Session hijacking with a copied cookie. The thief has the victim's session cookie (from
// malware, a synced browser profile, a shared computer) and replays it from a browser of
// their own. The shop notices that the browser presenting the session is not the one that
// created it, ends the session for everyone, and records it on the victim's activity log.
// A browser that merely updated itself is still the same browser.

const FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function browserWithUserAgent(browser: Browser, userAgent: string) {
  const context = await browser.newContext({ baseURL: baseURL(), userAgent });
  return { context, page: await context.newPage() };
}

function eventsOf(email: string): Array<{ type: string; reason: string | null; userAgent: string | null }> {
  const db = openDatabase();
  try {
    return db
      .prepare(`SELECT type, reason, userAgent FROM SecurityEvent WHERE userId = (SELECT id FROM User WHERE email = ?) ORDER BY id`)
      .all(email) as Array<{ type: string; reason: string | null; userAgent: string | null }>;
  } finally {
    db.close();
  }
}

function sessionRowsOf(email: string): number {
  const db = openDatabase();
  try {
    const row = db.prepare(`SELECT count(*) AS n FROM Session WHERE userId = (SELECT id FROM User WHERE email = ?)`).get(email) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

test("a session cookie replayed from another browser is anonymous there, and signs the victim out too", async ({ browser, context, page }) => {
  const victim = await registerNewUser(page);
  const token = await sessionToken(context);
  expect(await page.evaluate(() => navigator.userAgent)).toMatch(/Chrome\/\d+/);

  const thief = await browserWithUserAgent(browser, FIREFOX_ON_WINDOWS);
  try {
    await plantSessionCookie(thief.context, token);
    await expectSentToLogin(thief.page, "/account/sessions");
    expect(await authSession(thief.context)).toBeNull();
  } finally {
    await thief.context.close();
  }

  // The row is gone: the victim's own browser is signed out as well, so the thief cannot
  // keep riding along on a session the victim keeps alive.
  expect(sessionRowsOf(victim.email)).toBe(0);
  await expectSentToLogin(page, "/account/sessions");
  expect(eventsOf(victim.email)).toContainEqual({ type: "SESSION_REVOKED", reason: "browser_changed", userAgent: FIREFOX_ON_WINDOWS });
});

test("the same cookie in a newer version of the same browser keeps working", async ({ browser, context, page }) => {
  const user = await registerNewUser(page);
  const token = await sessionToken(context);
  const current = await page.evaluate(() => navigator.userAgent);
  const updated = current.replace(/Chrome\/(\d+)/, (_, major: string) => `Chrome/${Number(major) + 1}`);
  expect(updated).not.toBe(current);

  const afterUpdate = await browserWithUserAgent(browser, updated);
  try {
    await plantSessionCookie(afterUpdate.context, token);
    await openSessionsPage(afterUpdate.page);
    expect((await authSession(afterUpdate.context))?.user?.email).toBe(user.email);
  } finally {
    await afterUpdate.context.close();
  }
  await openSessionsPage(page);
  expect(eventsOf(user.email).filter((event) => event.type === "SESSION_REVOKED")).toEqual([]);
});
