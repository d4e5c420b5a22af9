// The site's timeouts cannot be read from outside, only waited out: the waits come from
// the config, and without them these checks say UNKNOWN rather than guess.
import { describeSeconds } from "./cookie-flags";
import { fail, pass, unknown, type CheckResult } from "../result";
import { cookiePair, signIn, sleep, type AuditContext, type SignedIn } from "../session";
import { isSignedIn } from "../site";

/** A session whose browser is closed at once: no page script may keep it alive while it waits. */
async function quietSession(context: AuditContext): Promise<SignedIn> {
  const session = await signIn(context);
  await session.visitor.close();
  return session;
}

export async function idleCheck(context: AuditContext): Promise<CheckResult> {
  const wait = context.site.config.timeouts.idleWaitSeconds;
  if (wait === undefined) return unknown("timeout.idle", "not tested: set timeouts.idleWaitSeconds to the site's idle timeout plus a margin");
  const session = await quietSession(context);
  await sleep(wait * 1000);
  return (await isSignedIn(context.site, cookiePair(session)))
    ? fail("timeout.idle", `still signed in after ${describeSeconds(wait)} without a single request`)
    : pass("timeout.idle", `signed out after ${describeSeconds(wait)} without a request`);
}

export async function absoluteCheck(context: AuditContext): Promise<CheckResult> {
  const { absoluteWaitSeconds: wait, activityEverySeconds, idleWaitSeconds } = context.site.config.timeouts;
  if (wait === undefined) return unknown("timeout.absolute", "not tested: set timeouts.absoluteWaitSeconds to the site's absolute timeout plus a margin");
  // Used often enough that the idle timeout cannot be what ends it.
  const every = activityEverySeconds ?? Math.min(60, (idleWaitSeconds ?? 180) / 3);
  const session = await quietSession(context);
  const started = Date.now();
  let elapsed = 0;
  while (elapsed < wait) {
    await sleep(Math.min(every, wait - elapsed) * 1000);
    elapsed = (Date.now() - started) / 1000;
    if (elapsed < wait && !(await isSignedIn(context.site, cookiePair(session)))) {
      return pass("timeout.absolute", `ended after ${describeSeconds(Math.round(elapsed))} although used every ${describeSeconds(every)} (at most the ${describeSeconds(wait)} given)`);
    }
  }
  return (await isSignedIn(context.site, cookiePair(session)))
    ? fail("timeout.absolute", `still signed in after ${describeSeconds(wait)}, used every ${describeSeconds(every)}: activity keeps the session alive for ever`)
    : pass("timeout.absolute", `signed out after ${describeSeconds(wait)} although used every ${describeSeconds(every)}`);
}
