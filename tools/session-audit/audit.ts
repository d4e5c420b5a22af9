// The audit's order of work. Sessions are shared where a check leaves them usable, and each
// check that may end a session gets one of its own; sign-out comes last, as it ends the
// session the other checks used.
import { launchBrowser, userAgentFor } from "./browser";
import { cacheCheck } from "./checks/cache";
import { cookieFlagChecks, type Transport } from "./checks/cookie-flags";
import { crossOriginCheck } from "./checks/cross-origin";
import { plantedFixation, preLoginFixation } from "./checks/fixation";
import { garbageCheck } from "./checks/garbage";
import { signOutChecks } from "./checks/sign-out";
import { absoluteCheck, idleCheck } from "./checks/timeouts";
import { tokenChecks } from "./checks/token";
import { ConfigError, resolveSecret, type AuditConfig } from "./config";
import { send } from "./http";
import { AuditError, CHECK_IDS, unknown, type CheckId, type CheckResult } from "./result";
import { cleanUp, signIn, type AuditContext, type SignedIn } from "./session";
import { isLoopback, type Site } from "./site";

export type AuditOptions = {
  target: URL;
  config: AuditConfig;
  /** Accept a self-signed certificate. */
  insecure?: boolean;
  /** Check ids or groups ("fixation") to run; all when empty. */
  only?: string[];
  /** Progress lines for a person watching; the report is the result. */
  progress?: (line: string) => void;
};

export type AuditReport = {
  target: string;
  transport: Transport;
  cookie: string;
  seconds: number;
  summary: { pass: number; fail: number; unknown: number };
  checks: CheckResult[];
};

export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const wanted = selection(options.only ?? []);
  const { target, config } = options;
  const transport: Transport = target.protocol === "https:" ? "https" : isLoopback(target) ? "loopback-http" : "http";

  await send(target, { insecure: options.insecure }).catch((error: Error) => {
    throw new AuditError(`cannot reach ${target.href}: ${error.message}`);
  });
  const browser = await launchBrowser();
  const site: Site = { base: target, config, insecure: options.insecure ?? false, userAgent: userAgentFor(browser) };
  const context: AuditContext = { browser, site, seen: [] };
  const results = new Map<CheckId, CheckResult>();
  const record = (...found: CheckResult[]) => found.forEach((result) => results.set(result.id, result));
  // A check that breaks (a button that never appears) reports UNKNOWN and the audit goes
  // on; an AuditError (the sign-in itself fails) stops it.
  const guard = async (ids: CheckId[], run: () => Promise<CheckResult[]>) => {
    const mine = ids.filter((id) => wanted(id));
    if (mine.length === 0) return;
    try {
      record(...(await run()).filter((result) => wanted(result.id)));
    } catch (error) {
      if (error instanceof AuditError) throw error;
      record(...mine.map((id) => unknown(id, `the check could not run: ${(error as Error).message.split("\n")[0]}`)));
    }
  };

  try {
    const samples: string[] = [];
    // The cookie's real name, prefix included, once a sign-in has shown it.
    let cookieName: string | undefined;
    await guard(["token.length", "token.charset", "token.uniqueness", ...cookieIds], async () => {
      const count = ["token.length", "token.charset", "token.uniqueness"].some((id) => wanted(id as CheckId)) ? config.tokenSamples : 1;
      progress(`Signing in ${count} times for fresh tokens`);
      // A few browsers at a time: each sign-in is mostly waiting for the site. Each sample
      // is signed out again, so the audit leaves no session behind.
      const mint = async () => {
        const session = await signIn(context);
        try {
          await session.visitor.signOut();
        } finally {
          await session.visitor.close();
        }
        return session;
      };
      for (let i = 0; i < count; i += SAMPLES_AT_ONCE) {
        for (const session of await Promise.all(Array.from({ length: Math.min(SAMPLES_AT_ONCE, count - i) }, mint))) {
          samples.push(session.token);
          cookieName = session.name;
        }
      }
      return tokenChecks(samples, secretsOf(config));
    });

    // The session most checks share; the pre-login fixation check makes it when it runs.
    let shared: SignedIn | undefined;
    const sharedSession = async () => (shared ??= await signIn(context));
    const learnedName = async () => (cookieName ??= (await sharedSession()).name);
    await guard(["fixation.rotation"], async () => {
      progress("Following a pre-login token through sign-in");
      const { result, session } = await preLoginFixation(context);
      shared = session;
      cookieName = session.name;
      return [result];
    });
    await guard(["fixation.planted"], async () => {
      progress("Planting a token before sign-in");
      return [await plantedFixation(context, { name: await learnedName(), sample: samples[0] ?? shared?.token })];
    });
    await guard(["cache.authenticated"], async () => [await cacheCheck(site, await sharedSession())]);
    await guard(["garbage.cookies"], async () => {
      progress("Sending garbage cookies");
      return [await garbageCheck(site, await learnedName())];
    });
    await guard(["csrf.cross-origin-post"], async () => {
      progress("Sending a cross-site POST");
      const session = await signIn(context);
      try {
        return [await crossOriginCheck(site, session)];
      } finally {
        await cleanUp(context, session);
      }
    });
    await guard(["timeout.idle", "timeout.absolute"], async () => {
      if (wanted("timeout.idle") && config.timeouts.idleWaitSeconds) progress(`Waiting ${config.timeouts.idleWaitSeconds} s for the idle timeout`);
      if (wanted("timeout.absolute") && config.timeouts.absoluteWaitSeconds) progress(`Using a session for ${config.timeouts.absoluteWaitSeconds} s for the absolute timeout`);
      return Promise.all([wanted("timeout.idle") ? idleCheck(context) : null, wanted("timeout.absolute") ? absoluteCheck(context) : null]).then((found) =>
        found.filter((result) => result !== null),
      );
    });
    await guard(["signout.server", "signout.replay"], async () => {
      progress("Signing out");
      return signOutChecks(context, await sharedSession());
    });
    await guard(cookieIds, async () => cookieFlagChecks(context.seen, { transport, pagesUsed: pagesUsed(config), maxLifetimeSeconds: config.cookieMaxLifetimeSeconds }));
  } finally {
    await browser.close();
  }

  const checks = CHECK_IDS.flatMap((id) => results.get(id) ?? []);
  const count = (status: CheckResult["status"]) => checks.filter((check) => check.status === status).length;
  return {
    target: target.href,
    transport,
    cookie: [...new Set(context.seen.map(({ header }) => header.slice(0, header.indexOf("="))))].join(", ") || config.cookie,
    seconds: Math.round((Date.now() - started) / 1000),
    summary: { pass: count("PASS"), fail: count("FAIL"), unknown: count("UNKNOWN") },
    checks,
  };
}

const SAMPLES_AT_ONCE = 4;

const cookieIds: CheckId[] = ["cookie.httponly", "cookie.secure", "cookie.samesite", "cookie.prefix", "cookie.path", "cookie.domain", "cookie.persistence"];

/** `--only fixation,cookie.httponly`: whole groups or single checks. */
export function selection(only: string[]): (id: CheckId) => boolean {
  for (const name of only) {
    if (!CHECK_IDS.some((id) => id === name || id.startsWith(`${name}.`))) throw new ConfigError(`no check or group named "${name}" (checks: ${CHECK_IDS.join(", ")})`);
  }
  return (id) => only.length === 0 || only.some((name) => id === name || id.startsWith(`${name}.`));
}

function secretsOf(config: AuditConfig): string[] {
  return Object.values(config.login.fields).map(resolveSecret);
}

/** The pages the session cookie must reach: the sign-in form's and the signed-in ones. */
function pagesUsed(config: AuditConfig): string[] {
  return [config.signedIn.url, ...config.authenticatedPages];
}
