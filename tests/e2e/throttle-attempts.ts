import { expect, type Page } from "@playwright/test";
import { submitSignIn } from "./helpers";

// Sign-in attempts for the throttling specs: each on a freshly loaded /login, so the
// message read is the answer to this submit, not the one before.

const ANSWER = /Incorrect email or password\.|Too many attempts\. Try again in \d+ seconds?\./;

/** Submits the sign-in form once and returns what the form said. */
export async function attemptSignIn(page: Page, email: string, password: string): Promise<string> {
  await page.goto("/login");
  await submitSignIn(page, email, password);
  const message = page.getByRole("status").filter({ hasText: ANSWER });
  await expect(message).toBeVisible();
  return message.innerText();
}

/** The N of "Try again in N seconds.", or 0 for any other answer. */
export function waitIn(message: string): number {
  const match = /Too many attempts\. Try again in (\d+) seconds?\./.exec(message);
  return match ? Number(match[1]) : 0;
}

/**
 * Wrong passwords until the form says "Too many attempts" (expected by the 20th), then on
 * until the wait it names is at least `atLeast` seconds, long enough to act inside it on a
 * slow machine. `email` may be a function, for a new address at every try.
 */
export async function failUntilBlocked(page: Page, email: string | (() => string), atLeast = 8): Promise<{ firstBlockedAt: number; message: string }> {
  let firstBlockedAt = 0;
  let message = "";
  for (let tries = 1; waitIn(message) < atLeast; tries++) {
    expect(tries, "the wait keeps growing while the wrong passwords go on").toBeLessThan(80);
    message = await attemptSignIn(page, typeof email === "string" ? email : email(), `wrong password ${tries}`);
    if (firstBlockedAt === 0 && waitIn(message) > 0) firstBlockedAt = tries;
  }
  return { firstBlockedAt, message };
}
