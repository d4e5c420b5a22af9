// Sign-out must end the session on the server. A sign-out that only deletes the browser's
// cookie leaves every copy of the token working: one read from a proxy log, a shared
// computer's disk, or a stolen request.
import { fail, pass, type CheckResult } from "../result";
import { cookiePair, type AuditContext, type SignedIn } from "../session";
import { isSignedIn } from "../site";

export async function signOutChecks(context: AuditContext, session: SignedIn): Promise<CheckResult[]> {
  // Everything the browser would send with a signed-in request, captured before sign-out.
  const captured = await session.visitor.cookieHeader();
  const cookieNames = captured.split("; ").map((pair) => pair.slice(0, pair.indexOf("=")));
  await session.visitor.signOut();
  const kept = await session.visitor.token();

  const tokenWorks = await isSignedIn(context.site, cookiePair(session));
  const cleared = kept === undefined ? "; the browser's copy was deleted too" : kept === session.token ? "; the browser even kept the cookie" : "";
  const server = tokenWorks
    ? fail("signout.server", `after signing out, the old token still opens the account: sign-out only changed the browser's cookie${cleared}`)
    : pass("signout.server", `after signing out, the old token sent by a client that kept it opens nothing${cleared}`);

  const replayWorks = await isSignedIn(context.site, captured);
  const what = `the Cookie header of a signed-in request (${cookieNames.length === 1 ? `only ${cookieNames[0]}` : cookieNames.join(", ")})`;
  const replay = replayWorks
    ? fail("signout.replay", `${what}, replayed after sign-out, still opens the account${tokenWorks ? "" : ": another cookie than the session cookie signs the user back in"}`)
    : pass("signout.replay", `${what}, replayed after sign-out, is anonymous`);
  return [server, replay];
}
