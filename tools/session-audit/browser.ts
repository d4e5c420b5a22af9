// Real Chromium for everything a person would do: open the sign-in page, fill the fields
// found by their labels, press the buttons, take the pre-login steps, sign out. The site's
// own scripts run, so a sign-in that needs JavaScript works, and cookies are stored by a
// real browser's rules. What the audit then sends on purpose (a planted, replayed or
// garbage cookie) goes out as raw requests (site.ts), outside the browser.
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { resolveSecret, type Step } from "./config";
import { AuditError } from "./result";
import { isSessionCookieName, isSignedIn, sessionCookieNames, url, type Site } from "./site";

/** A Set-Cookie header for the session cookie, as the browser received it, and from where. */
export type SeenSetCookie = { url: string; header: string };

const SIGN_IN_WAIT_MS = 15_000;
const POLL_MS = 200;

export async function launchBrowser(): Promise<Browser> {
  // Debian's chromium where there is one (Playwright's own download needs the internet).
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  try {
    return await chromium.launch({
      executablePath,
      // Without these, Chromium keeps trying to reach Google's services.
      args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  } catch (error) {
    throw new AuditError(`cannot start Chromium (set CHROMIUM_PATH to a Chromium or Chrome binary): ${(error as Error).message.split("\n")[0]}`);
  }
}

/** A desktop Chrome User-Agent for this browser's version, shared with the raw requests. */
export function userAgentFor(browser: Browser): string {
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
}

/** One browser context: one device, with its own cookie jar. */
export class Visitor {
  /** Every Set-Cookie header for the session cookie this visitor received. */
  readonly setCookies: SeenSetCookie[] = [];
  private readonly pending: Promise<void>[] = [];

  private constructor(
    private readonly site: Site,
    private readonly context: BrowserContext,
    readonly page: Page,
  ) {
    context.on("response", (response) => {
      this.pending.push(
        response
          .headerValues("set-cookie")
          .then((headers) => {
            for (const header of headers.flatMap((value) => value.split("\n"))) {
              const name = header.slice(0, header.indexOf("=")).trim();
              if (isSessionCookieName(site, name)) this.setCookies.push({ url: response.url(), header });
            }
          })
          .catch(() => undefined), // the page went away before its headers could be read
      );
    });
  }

  static async open(browser: Browser, site: Site): Promise<Visitor> {
    const context = await browser.newContext({ userAgent: site.userAgent, ignoreHTTPSErrors: site.insecure, javaScriptEnabled: site.config.javascript });
    // A button that is not there is a config mistake or a finding; either way, no 30 s wait.
    context.setDefaultTimeout(15_000);
    return new Visitor(site, context, await context.newPage());
  }

  /** The session cookie's value in this browser, if it holds one. */
  async token(): Promise<string | undefined> {
    return (await this.sessionCookie())?.value;
  }

  /** The session cookie's name in this browser (with its prefix, if the site uses one). */
  async tokenName(): Promise<string | undefined> {
    return (await this.sessionCookie())?.name;
  }

  // Any path: a cookie scoped to a narrower path than "/" is still the session cookie
  // (and cookie.path says what is wrong with it). The context holds only this site's.
  private async sessionCookie() {
    const names = sessionCookieNames(this.site);
    return (await this.context.cookies()).find((cookie) => names.includes(cookie.name) && cookie.value !== "");
  }

  /** Every cookie this browser would send with a request for the signed-in page, as one Cookie header. */
  async cookieHeader(): Promise<string> {
    const cookies = await this.context.cookies(url(this.site, this.site.config.signedIn.url).href);
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  }

  async seenSetCookies(): Promise<SeenSetCookie[]> {
    await Promise.all(this.pending);
    return this.setCookies;
  }

  /** Sets a cookie the site never issued, as an attacker with a foothold would. */
  async plant(name: string, value: string): Promise<void> {
    await this.context.addCookies([{ name, value, url: this.site.base.href }]);
  }

  async runSteps(steps: Step[]): Promise<void> {
    for (const step of steps) {
      if ("goto" in step) await this.page.goto(url(this.site, step.goto).href);
      else if ("click" in step) await this.clickAndSettle(actionable(this.page, step.click));
      else for (const [key, value] of Object.entries(step.fill)) await field(this.page, key).fill(resolveSecret(value));
    }
  }

  /** Waits for the session cookie to appear, as a site's pre-login step makes it. */
  async waitForToken(timeoutMs = 10_000): Promise<string | undefined> {
    return poll(timeoutMs, () => this.token());
  }

  /**
   * Signs in with the config's credentials and returns the signed-in token. `beforeSubmit`
   * runs with the form filled, just before it is sent (the fixation check plants there,
   * after the sign-in page's own answer could have removed a cookie planted earlier).
   */
  async signIn(beforeSubmit?: () => Promise<void>): Promise<string> {
    const { login } = this.site.config;
    await this.page.goto(url(this.site, login.url).href);
    const submit = this.page.getByRole("button", { name: login.submit, exact: true });
    await submit.waitFor().catch(() => {
      throw new AuditError(`no button "${login.submit}" on ${this.page.url()}`);
    });
    for (const [key, value] of Object.entries(login.fields)) await field(this.page, key).fill(resolveSecret(value));
    await beforeSubmit?.();
    await submit.click();
    // Signed in means the signed-in page opens with the cookie the browser now holds,
    // whether the site changed the token or not (the fixation check needs both cases).
    const token = await poll(SIGN_IN_WAIT_MS, async () => {
      const current = await this.token();
      return current !== undefined && (await isSignedIn(this.site, `${await this.tokenName()}=${current}`)) ? current : undefined;
    });
    if (token === undefined) {
      const said = (await this.page.getByRole("alert").allInnerTexts().catch(() => [])).join(" ").trim();
      throw new AuditError(
        `signing in at ${login.url} did not open ${this.site.config.signedIn.url} within ${SIGN_IN_WAIT_MS / 1000} s` +
          `${said ? ` (the page says: ${said.slice(0, 200)})` : ""}; check the credentials, the cookie name and signedIn in the config`,
      );
    }
    await this.page.waitForLoadState("load");
    return token;
  }

  /** The sign-out form's target, for the cross-site POST (the same request, from elsewhere). */
  async signOutForm(): Promise<{ action: string; method: string } | undefined> {
    await this.page.goto(url(this.site, this.site.config.signOut.page).href);
    const form = await signOutButton(this.page, this.site)
      .evaluate((button) => {
        const owner = (button as HTMLButtonElement).form;
        return owner ? { action: owner.action, method: owner.method } : null;
      })
      .catch(() => null);
    return form ?? undefined;
  }

  /** Presses the site's sign-out button, and waits until the browser's cookie changed or the page settled. */
  async signOut(): Promise<void> {
    const before = await this.token();
    await this.page.goto(url(this.site, this.site.config.signOut.page).href);
    await signOutButton(this.page, this.site).click();
    // Done when the browser's cookie changed; a site whose sign-out leaves it alone gets 5 s.
    const changed = await poll(5_000, async () => ((await this.token()) !== before ? true : undefined));
    await this.page.waitForLoadState(changed ? "load" : "networkidle").catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  private async clickAndSettle(target: Locator): Promise<void> {
    await target.click();
    // A form post or a server action: let its answer (and any redirect) arrive.
    await this.page.waitForLoadState("networkidle").catch(() => undefined);
  }
}

function signOutButton(page: Page, site: Site): Locator {
  return page.getByRole("button", { name: site.config.signOut.button, exact: true }).first();
}

/** A button or a link, by its accessible name. */
function actionable(page: Page, name: string): Locator {
  return page.getByRole("button", { name, exact: true }).or(page.getByRole("link", { name, exact: true })).first();
}

/** A form field by its label, or else by its name attribute. */
function field(page: Page, key: string): Locator {
  const escaped = key.replace(/["\\]/g, "\\$&");
  return page.getByLabel(key, { exact: true }).or(page.locator(`[name="${escaped}"]`)).first();
}

async function poll<T>(timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
