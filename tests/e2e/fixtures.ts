import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { test as base, type BrowserContext } from "@playwright/test";

// Every spec imports `test` and `expect` from here rather than from @playwright/test, so
// that every test, whatever it does, records the secrets its browsers held: each cookie
// value of each browser context and of the `request` client, at the end of the test (a
// context closed earlier is read as it closes). tests/e2e/mail.ts adds the tokens of the
// links it reads. tests/e2e/log-audit.spec.ts, which runs after everything else, then
// checks that no server log of the run contains any of them.

// Everything else (expect, the types) is @playwright/test's own; `test` below replaces its `test`.
export * from "@playwright/test";

/** Every secret a browser held during the run, one per line; emptied by tests/e2e/global-setup.ts. */
export const SECRETS_FILE = path.resolve(".tmp/e2e-audit/secrets.txt");

// Shorter values are flags ("1") and words that could appear in any log for other reasons.
const MIN_SECRET_LENGTH = 16;

/** Notes a value that must never appear in a server log. */
export function recordSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH) return;
  mkdirSync(path.dirname(SECRETS_FILE), { recursive: true });
  appendFileSync(SECRETS_FILE, `${value}\n`);
}

async function recordCookiesOf(context: BrowserContext): Promise<void> {
  for (const cookie of await context.cookies()) recordSecret(cookie.value);
}

export const test = base.extend<{ recordSecrets: void }>({
  recordSecrets: [
    async ({ browser, request }, runTest) => {
      // Every context of the test comes from browser.newContext(): the `context` and `page`
      // fixtures' one, and each extra device a spec opens. Each is read before it closes.
      const open = new Set<BrowserContext>();
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        open.add(context);
        const close = context.close.bind(context);
        context.close = async (closeOptions) => {
          if (open.delete(context)) await recordCookiesOf(context);
          return close(closeOptions);
        };
        return context;
      };
      try {
        await runTest();
      } finally {
        browser.newContext = newContext;
        for (const context of open) await recordCookiesOf(context);
        for (const cookie of (await request.storageState()).cookies) recordSecret(cookie.value);
      }
    },
    { auto: true },
  ],
});
