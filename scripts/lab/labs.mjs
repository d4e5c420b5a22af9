// The workshop's labs (docs/workshop.md), as `npm run lab` and CI read them. Each lab breaks
// one control with the patch docs/labs/<id>.patch and is guarded by Vitest tests that must
// fail with it applied and pass without: they run in seconds, with no build. `tests` names
// each guard by its file and its title (the `it` text, as Vitest reports it); a lab is
// broken when any of them fails. `attacker` is the page of the workshop's attacker site
// where the break shows in a browser (docs/workshop.md says how, lab by lab).

/** @typedef {{ file: string, title: string }} Guard */
/** @typedef {{ id: number, title: string, tests: Guard[], attacker: string, hints: [string, string, string] }} Lab */

/** @type {Lab[]} */
export const labs = [
  {
    id: 1,
    title: "Session fixation",
    tests: [
      { file: "tests/integration/sign-in.test.ts", title: "never adopts the browser's token: a planted guest token dies, the user gets a new one" },
      { file: "tests/integration/sign-in.test.ts", title: "also replaces a token that names another user's signed-in session" },
    ],
    attacker: "/fixation",
    hints: [
      "Sign-in is the moment a token gains privilege. Which token does the signed-in browser carry afterwards?",
      "Open lib/auth/sign-in.ts, startUserSession(): it must always call rotateSession(), never reuse request.previousToken.",
      "Delete the lines marked BROKEN ON PURPOSE at the top of startUserSession(), and the two imports they needed (docs/workshop.md, lab 1).",
    ],
  },
  {
    id: 2,
    title: "Store the raw token",
    tests: [{ file: "tests/integration/session-store.test.ts", title: "stores only the SHA-256 of the token, never the token itself" }],
    attacker: "/stolen-database",
    hints: [
      "What would a copy of the Session table give a thief? The row id should be useless as a cookie.",
      "Open lib/session/store.ts: every place that turns a token into a row id must hash it first.",
      "Put hashSessionToken(token) back in insertSession(), validateSessionToken(), invalidateSessionToken(), and hashSessionToken(previousToken) in rotateSession().",
    ],
  },
  {
    id: 3,
    title: "Forget the expiry check",
    tests: [
      { file: "tests/integration/session-store.test.ts", title: "expires a session left idle for the idle timeout, and deletes its row" },
      { file: "tests/integration/session-store.test.ts", title: "expires a session at the absolute timeout even when it is used constantly" },
    ],
    attacker: "/replay",
    hints: [
      "A session row carries two expiry times. Who compares them with the clock at every request?",
      "Open lib/session/store.ts, validateSessionToken(): a lookup must refuse, and end, a session past either expiry.",
      "Restore the block `const expiredBy = expiryReason(session, now); if (expiredBy) { await endSession(...); return NO_SESSION; }`.",
    ],
  },
  {
    id: 4,
    title: "Let the idle expiry slide past the absolute one",
    tests: [{ file: "tests/unit/policy.test.ts", title: "renews only once the renewal interval has passed, and never past the absolute expiry" }],
    attacker: "/replay",
    hints: [
      "Renewal moves the idle expiry forward. What must it never move past?",
      "Open lib/session/policy.ts, renewedSessionTimes(): the new idle expiry is capped.",
      "Wrap the new idle expiry in earliest(..., times.absoluteExpiresAt) again.",
    ],
  },
  {
    id: 5,
    title: "Let page scripts read the cookie",
    tests: [
      { file: "tests/unit/device.test.ts", title: "is HttpOnly and SameSite=Lax on every protocol" },
      { file: "tests/integration/current-session.test.ts", title: "sets the token HttpOnly, SameSite=Lax, host-wide, expiring with the session's absolute timeout" },
    ],
    attacker: "/collector",
    hints: [
      "Could a script injected into a shop page read the session cookie with document.cookie?",
      "Open lib/session/cookie.ts, sessionCookie(): look at the cookie's options and at the SessionCookie type above it.",
      "Set `httpOnly: true` in sessionCookie() and `httpOnly: true;` in the SessionCookie type.",
    ],
  },
  {
    id: 6,
    title: "Hand the token to page scripts",
    tests: [{ file: "tests/integration/auth-session-route.test.ts", title: "answers who is signed in, field by field, and never the session token" }],
    attacker: "/collector",
    hints: [
      "HttpOnly hides the cookie, but a script can still fetch any page of the shop. Which answer knows the token?",
      "Open auth.ts, the session callback: on the database strategy `session` is the adapter's row, sessionToken included.",
      "Return only { expires: session.expires, user: { id, name, email } }, never `...session`.",
    ],
  },
  {
    id: 7,
    title: "Remove the cross-site check",
    tests: [{ file: "tests/integration/proxy-cross-site.test.ts", title: "refuses %s with 403, before any page or action runs, and logs it" }],
    attacker: "/csrf",
    hints: [
      "A form on another site can post to the shop. Which gate refuses it before any page or action runs?",
      "Open proxy.ts, gate(): the first check uses isCrossSiteWrite() from lib/http/same-origin.ts.",
      "Restore the block `if (isCrossSiteWrite(request.method, request.headers, requestHost(request.headers))) { ... status: 403 ... }` at the top of gate().",
    ],
  },
  {
    id: 8,
    title: "Open redirect after sign-in",
    tests: [{ file: "tests/unit/return-path.test.ts", title: "falls back to / for %s" }],
    attacker: "/redirect",
    hints: [
      "After sign-in the shop follows ?next=. Where may it lead?",
      "Open lib/auth/return-path.ts, safeReturnPath(): only a path on this site may come out.",
      "Delete the line marked BROKEN ON PURPOSE at the top of safeReturnPath().",
    ],
  },
  {
    id: 9,
    title: "Read someone else's order",
    tests: [{ file: "tests/integration/checkout.test.ts", title: "never returns another user's order, even by its exact id" }],
    attacker: "/orders",
    hints: [
      "An order id in the URL is not a secret. What makes /orders/<id> answer 404 to everyone but the owner?",
      "Open lib/shop/orders.ts, getOrderForUser(): the owner belongs in the query.",
      "Put `where: { id: orderId, userId }` back.",
    ],
  },
  {
    id: 10,
    title: "Confirm the password without rotating the session",
    tests: [{ file: "tests/integration/step-up.test.ts", title: "rotates the session: a new token, the old one dead at once, the window opened again" }],
    attacker: "/replay",
    hints: [
      "Confirming the password opens the sudo window. Should a token copied before the confirmation share that window?",
      "Open lib/auth/step-up.ts, reauthenticate(): entering sudo mode is a privilege change, like a sign-in.",
      "Delete the lines marked BROKEN ON PURPOSE in reauthenticate() and the imports they needed: startUserSession() rotates.",
    ],
  },
  {
    id: 11,
    title: "Change the password and keep the thief signed in",
    tests: [{ file: "tests/integration/password-changes.test.ts", title: "rotates this session, ends the user's others, and says how many" }],
    attacker: "/replay",
    hints: [
      "A user changes the password because someone else may know it. What should happen to that someone's session?",
      "Open lib/auth/password-changes.ts, changePassword(): look at the options it passes to startUserSession().",
      "Set `endOtherSessions: true` again.",
    ],
  },
  {
    id: 12,
    title: "Let the guesser keep guessing",
    tests: [{ file: "tests/integration/throttle.test.ts", title: "refuses the right password during a wait without running bcrypt, and does not count the refusal" }],
    attacker: "/guessing",
    hints: [
      "After a few wrong passwords the form says Too many attempts. Is the password still checked while it says so?",
      "Open lib/security/throttle.ts, admitSignInAttempt() and countAttempt(): an attempt must be refused while its counter's block lasts, before the check runs.",
      "Restore `const wait = longestWaitOf(seen, now); if (wait > 0) return { ok: false, waitSeconds: wait };` in admitSignInAttempt(), and `if (blockedFor > 0) throw new Blocked(blockedFor);` in countAttempt().",
    ],
  },
  {
    id: 13,
    title: "Blind the hijack signal",
    tests: [
      { file: "tests/integration/theft-signals.test.ts", title: "revokes a session presented by another browser, records it, and answers no session" },
      { file: "tests/integration/theft-signals.test.ts", title: "treats another operating system as another browser" },
    ],
    attacker: "/replay",
    hints: [
      "A cookie copied into another browser should open nothing. What does the lookup compare?",
      "Open lib/session/store.ts, validateSessionToken(): find the call to isDifferentBrowser().",
      "It must compare the session's user agent with the request's: isDifferentBrowser(session.userAgent, presentedBy.userAgent).",
    ],
  },
];

/** The lab with this id, or undefined. */
export function findLab(id) {
  return labs.find((lab) => String(lab.id) === String(id));
}
