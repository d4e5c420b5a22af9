// Session fixation from outside: a token the browser held before signing in (one the site
// issued on a pre-login action, or one the client made up) must never become the
// signed-in token, and must open nothing afterwards.
import { randomInt } from "node:crypto";
import { Visitor } from "../browser";
import { fail, pass, unknown, type CheckResult } from "../result";
import { cleanUp, cookiePair, signIn, type AuditContext, type SignedIn } from "../session";
import { isSignedIn, url } from "../site";

/** Returns the signed-in device too: later checks reuse it rather than sign in again. */
export async function preLoginFixation(context: AuditContext): Promise<{ result: CheckResult; session: SignedIn }> {
  const { site } = context;
  const visitor = await Visitor.open(context.browser, site);
  let before: { name: string; token: string } | undefined;
  if (site.config.preLogin.length > 0) {
    await visitor.runSteps(site.config.preLogin);
    const token = await visitor.waitForToken();
    if (token) before = { name: (await visitor.tokenName()) ?? site.config.cookie, token };
  } else {
    // Without pre-login steps, whatever session the sign-in page itself starts.
    await visitor.page.goto(url(site, site.config.login.url).href);
    const token = await visitor.token();
    if (token) before = { name: (await visitor.tokenName()) ?? site.config.cookie, token };
  }
  const session = await signIn(context, visitor);
  if (!before) {
    const how = site.config.preLogin.length > 0 ? "the preLogin steps started no session" : "the sign-in page started no session and the config has no preLogin steps";
    return { session, result: unknown("fixation.rotation", `${how}, so there was no pre-login token to follow (fixation.planted still tests a planted one)`) };
  }
  if (session.token === before.token) {
    return { session, result: fail("fixation.rotation", "the token held before sign-in is the signed-in token: whoever planted or read it before sign-in now holds the signed-in session") };
  }
  if (await isSignedIn(site, cookiePair(before))) {
    return { session, result: fail("fixation.rotation", "sign-in issued a new token, but the pre-login token opens the signed-in account too") };
  }
  return { session, result: pass("fixation.rotation", "sign-in issued a new token, and the pre-login token does not open the account") };
}

/** Plants a well-formed token of the client's choosing just before the form is sent. */
export async function plantedFixation(context: AuditContext, shape: { name: string; sample?: string }): Promise<CheckResult> {
  const planted = plausibleToken(shape.sample);
  let held = false;
  const session = await signIn(context, undefined, async (visitor) => {
    await visitor.plant(shape.name, planted);
    held = (await visitor.token()) === planted;
  });
  try {
    if (!held) return unknown("fixation.planted", `the browser did not keep the planted cookie ${shape.name}, so the site never saw it`);
    if (session.token === planted) return fail("fixation.planted", "the site adopted a token the client chose: an attacker who plants a cookie signs in with the victim");
    if (await isSignedIn(context.site, cookiePair({ name: shape.name, token: planted }))) {
      return fail("fixation.planted", "the planted token opens the signed-in account, next to the new one the site issued");
    }
    return pass("fixation.planted", "a planted token was replaced at sign-in by one the site made, and opens nothing");
  } finally {
    await cleanUp(context, session);
  }
}

/** Random, in the characters and length of a real token, so a shape check cannot tell it apart. */
function plausibleToken(sample: string | undefined): string {
  const base = sample ?? "A".repeat(43);
  const alphabet = [...new Set(sample ?? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")];
  return Array.from(base, () => alphabet[randomInt(alphabet.length)]).join("");
}
