import { expect, test } from "./fixtures";
import { authSession, expectSentToLogin, expectSignedIn, registerNewUser } from "./helpers";
import { SHORT_TIMEOUTS } from "./short-timeouts";

// Runs against the server started with SESSION_IDLE_TIMEOUT_SECONDS=4 and
// SESSION_ABSOLUTE_TIMEOUT_SECONDS=10: the timeouts are enforced by the server on the
// clock, whatever the browser's cookie says.

const idleMs = SHORT_TIMEOUTS.idleSeconds * 1000;
const absoluteMs = SHORT_TIMEOUTS.absoluteSeconds * 1000;

test("an idle session expires after the idle timeout", async ({ page, context }) => {
  await registerNewUser(page);
  await page.waitForTimeout(idleMs + 1000);

  await expectSentToLogin(page, "/orders");
  expect(await authSession(context)).toBeNull();
});

test("an active session outlives the idle timeout but not the absolute timeout", async ({ page, context }) => {
  // Taken before the session exists, so the lower bound below holds however long the
  // registration takes on a loaded machine: the session cannot end before this + absolute.
  const signedInAt = Date.now();
  const user = await registerNewUser(page);

  // Activity every second slides the idle expiry, so the session survives well past one
  // idle window...
  while (Date.now() - signedInAt < idleMs * 1.5) {
    await page.waitForTimeout(1000);
    expect((await authSession(context))?.user?.email).toBe(user.email);
  }
  await page.goto("/orders");
  await expectSignedIn(page);

  // ...but no amount of activity carries it past the absolute timeout.
  await expect
    .poll(async () => (await authSession(context))?.user?.email ?? null, {
      intervals: [1000],
      timeout: absoluteMs + 5000,
    })
    .toBeNull();
  expect(Date.now() - signedInAt).toBeGreaterThanOrEqual(absoluteMs - 1000);
  await expectSentToLogin(page, "/orders");
});
