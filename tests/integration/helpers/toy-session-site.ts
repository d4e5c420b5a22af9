// A tiny web site with sessions, sound by default, with one control broken on request:
// the session audit (tools/session-audit) must pass the sound one and catch each flaw.
// Real node:http(s) servers on real ports, driven by the audit's real Chromium.
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";

export type Flaw =
  | "keeps-token-at-sign-in" // fixation: a guest token becomes the signed-in one
  | "adopts-planted-token" // fixation: any token the client sends is taken
  | "sign-out-clears-cookie-only" // the row survives sign-out
  | "no-httponly"
  | "samesite-none"
  | "no-secure" // no Secure, so no prefix either
  | "no-prefix" // Secure, but a plain name
  | "domain"
  | "narrow-path" // Path=/account: /orders gets no cookie
  | "persistent"
  | "counter-tokens" // short, sequential tokens
  | "readable-tokens" // base64 of JSON naming the user
  | "cacheable" // signed-in pages without no-store
  | "accepts-cross-origin" // sign-out obeys any Origin
  | "500-on-garbage" // throws on a cookie it cannot parse
  | "no-timeouts"; // sessions live for ever

export type ToySiteOptions = {
  port: number;
  flaws?: Flaw[];
  /** PEM key and certificate: HTTPS, where Secure and the prefixes can be set. */
  tls?: { key: string; cert: string };
  idleSeconds?: number;
  absoluteSeconds?: number;
};

export const TOY_USER = { email: "audit@example.com", password: "correct-horse-battery" };

type Session = { user: string | null; created: number; lastSeen: number };

export async function startToySite(options: ToySiteOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const flaws = new Set(options.flaws ?? []);
  const has = (flaw: Flaw) => flaws.has(flaw);
  const secure = options.tls !== undefined && !has("no-secure");
  const path = has("narrow-path") ? "/account" : "/";
  const hostOnly = secure && path === "/" && !has("domain");
  const name = !secure || has("no-prefix") ? "toy_session" : hostOnly ? "__Host-toy_session" : "__Secure-toy_session";
  const sessions = new Map<string, Session>();
  let counter = 1000;

  const newToken = (user: string | null) => {
    if (has("counter-tokens")) return `s${++counter}`;
    // Random enough to pass the uniqueness check every time (the flaw is the readable
    // user name, nothing else): with 4 random bytes the estimate sat near the 64-bit line.
    if (has("readable-tokens")) return Buffer.from(JSON.stringify({ user, n: randomBytes(24).toString("hex") })).toString("base64url");
    return randomBytes(32).toString("base64url");
  };
  const setCookie = (response: ServerResponse, token: string) => {
    const attributes = [`${name}=${token}`, `Path=${path}`];
    if (!has("no-httponly")) attributes.push("HttpOnly");
    if (secure) attributes.push("Secure");
    attributes.push(has("samesite-none") ? "SameSite=None" : "SameSite=Lax");
    if (has("domain")) attributes.push("Domain=localhost");
    if (has("persistent")) attributes.push("Max-Age=2592000");
    response.setHeader("Set-Cookie", attributes.join("; "));
  };
  const clearCookie = (response: ServerResponse) => response.setHeader("Set-Cookie", `${name}=; Path=${path}; Max-Age=0${secure ? "; Secure" : ""}`);

  const tokenOf = (request: IncomingMessage): string | undefined => {
    for (const pair of (request.headers.cookie ?? "").split(/; */)) {
      const [key, ...rest] = pair.split("=");
      if (key !== name) continue;
      const value = rest.join("=");
      if (has("500-on-garbage") && !/^[\w-]*$/.test(value)) throw new Error(`cannot parse cookie ${value}`);
      return value;
    }
    return undefined;
  };
  const lookup = (token: string | undefined): Session | undefined => {
    const session = token === undefined ? undefined : sessions.get(token);
    if (!session || token === undefined) return undefined;
    const now = Date.now();
    const idle = (options.idleSeconds ?? 3600) * 1000;
    const absolute = (options.absoluteSeconds ?? 86_400) * 1000;
    if (!has("no-timeouts") && (now - session.lastSeen > idle || now - session.created > absolute)) {
      sessions.delete(token);
      return undefined;
    }
    session.lastSeen = now;
    return session;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://toy");
    const token = tokenOf(request);
    const session = lookup(token);
    const body = await readBody(request);
    const page = (status: number, html: string) => {
      response.statusCode = status;
      response.setHeader("Content-Type", "text/html; charset=utf-8");
      response.end(`<!doctype html><html><head><title>Toy</title></head><body>${html}</body></html>`);
    };
    const redirect = (location: string) => {
      response.statusCode = 303;
      response.setHeader("Location", location);
      response.end();
    };
    const signOutForm = `<form method="post" action="/logout"><button type="submit">Sign out</button></form>`;

    if (request.method === "POST" && request.headers.origin !== undefined && !has("accepts-cross-origin")) {
      if (new URL(request.headers.origin).host !== request.headers.host) return page(403, "Cross-site request refused.");
    }
    if (url.pathname === "/" && request.method === "GET") {
      return page(200, `<h1>Toy shop</h1><form method="post" action="/cart"><button type="submit">Add to cart</button></form>${session?.user ? signOutForm : ""}`);
    }
    if (url.pathname === "/cart" && request.method === "POST") {
      if (!session) {
        const guest = newToken(null);
        sessions.set(guest, { user: null, created: Date.now(), lastSeen: Date.now() });
        setCookie(response, guest);
      }
      return redirect("/");
    }
    if (url.pathname === "/login" && request.method === "GET") return page(200, loginForm(""));
    if (url.pathname === "/login" && request.method === "POST") {
      const form = new URLSearchParams(body);
      if (form.get("email") !== TOY_USER.email || form.get("password") !== TOY_USER.password) return page(200, loginForm("Incorrect email or password."));
      const now = Date.now();
      if (has("keeps-token-at-sign-in") && session && token) {
        session.user = TOY_USER.email;
        setCookie(response, token);
      } else if (has("adopts-planted-token") && token) {
        sessions.set(token, { user: TOY_USER.email, created: now, lastSeen: now });
        setCookie(response, token);
      } else {
        if (token) sessions.delete(token); // rotation: the old token dies
        const fresh = newToken(TOY_USER.email);
        sessions.set(fresh, { user: TOY_USER.email, created: now, lastSeen: now });
        setCookie(response, fresh);
      }
      return redirect("/account");
    }
    if ((url.pathname === "/account" || url.pathname === "/orders") && request.method === "GET") {
      if (!session?.user) return redirect("/login");
      response.setHeader("Cache-Control", has("cacheable") ? "private, max-age=600" : "no-store");
      return page(200, `<h1>Your account</h1><p>${session.user}</p>${signOutForm}`);
    }
    if (url.pathname === "/logout" && request.method === "POST") {
      if (token && !has("sign-out-clears-cookie-only")) sessions.delete(token);
      clearCookie(response);
      return redirect("/");
    }
    return page(404, "Not found");
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch(() => {
      response.statusCode = 500;
      response.end("Internal Server Error");
    });
  };
  const server = options.tls ? https.createServer(options.tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  return {
    url: `${options.tls ? "https" : "http"}://localhost:${options.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser's keep-alive connections would hold close() open
      }),
  };
}

function loginForm(message: string): string {
  return `<h1>Sign in</h1>
    <form method="post" action="/login">
      <label for="email">Email</label><input id="email" name="email" type="email">
      <label for="password">Password</label><input id="password" name="password" type="password">
      <p role="alert">${message}</p>
      <button type="submit">Sign in</button>
    </form>`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
