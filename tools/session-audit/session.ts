// A signed-in browser the checks can share, and what they need to know about it.
import type { Browser } from "playwright-core";
import { Visitor, type SeenSetCookie } from "./browser";
import { isSignedIn, type Site } from "./site";

export type AuditContext = {
  browser: Browser;
  site: Site;
  /** Set-Cookie headers of the session cookie seen by every browser so far, for the flag checks. */
  seen: SeenSetCookie[];
};

/** A signed-in device: its browser, the token it holds and the cookie's name. */
export type SignedIn = { visitor: Visitor; token: string; name: string };

export async function signIn(context: AuditContext, visitor?: Visitor, beforeSubmit?: (visitor: Visitor) => Promise<void>): Promise<SignedIn> {
  const device = visitor ?? (await Visitor.open(context.browser, context.site));
  const token = await device.signIn(beforeSubmit && (() => beforeSubmit(device)));
  const name = (await device.tokenName()) ?? context.site.config.cookie;
  context.seen.push(...(await device.seenSetCookies()));
  return { visitor: device, token, name };
}

export const cookiePair = (session: { name: string; token: string }) => `${session.name}=${session.token}`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Leaves no session behind: signs out a device whose session a check may already have ended. */
export async function cleanUp(context: AuditContext, session: SignedIn): Promise<void> {
  try {
    if (await isSignedIn(context.site, cookiePair(session))) await session.visitor.signOut();
  } catch {
    // Best effort: the audit's findings do not depend on it.
  } finally {
    await session.visitor.close();
  }
}
