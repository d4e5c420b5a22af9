// What the attacker does from its own server: plain HTTP requests to the shop, as any
// script on the attacker's machine could send them. No browser is involved, so no
// SameSite rule and no Origin header protect anything here; only the shop's own checks do.

import { get as httpGet } from "node:http";
import { get as httpsGet } from "node:https";

const ENTITIES = { "&quot;": '"', "&#x27;": "'", "&#39;": "'", "&lt;": "<", "&gt;": ">", "&amp;": "&" };

function decode(value) {
  return value.replace(/&(?:quot|#x27|#39|lt|gt|amp);/g, (entity) => ENTITIES[entity]);
}

/**
 * The hidden fields of the shop's form that has a field named `field`: for a server
 * action, the action's id and state, which the page publishes to everyone who loads it.
 * That is what an attacker copies to forge the form.
 */
export async function copyShopForm(shopUrl, path, field, headers = {}) {
  const response = await fetch(new URL(path, shopUrl), { headers });
  const html = await response.text();
  const form = (html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? []).find((candidate) => candidate.includes(`name="${field}"`));
  if (!form) throw new Error(`No form with a "${field}" field on ${path} (status ${response.status}).`);
  return [...form.matchAll(/<input type="hidden" name="([^"]*)"(?: value="([^"]*)")?\/>/g)].map(([, name, value = ""]) => [decode(name), decode(value)]);
}

/** Posts a copied form with these fields, as a browser without JavaScript would; never follows a redirect. */
export async function postShopForm(shopUrl, path, hidden, fields, headers = {}) {
  const body = new FormData();
  for (const [name, value] of [...hidden, ...Object.entries(fields)]) body.append(name, value);
  const response = await fetch(new URL(path, shopUrl), { method: "POST", body, redirect: "manual", headers });
  return { status: response.status, html: await response.text(), cookies: response.headers.getSetCookie() };
}

/** The value the shop set for `name` in these Set-Cookie lines: a string, "" when it deleted the cookie, null when it did not set it. */
export function setCookieValue(cookies, name) {
  const line = cookies.find((cookie) => cookie.startsWith(`${name}=`));
  if (!line) return null;
  const value = line.slice(name.length + 1).split(";")[0];
  return /;\s*Max-Age=0/i.test(line) ? "" : value;
}

/**
 * Presents a session token to the shop the way the thief's browser would, and reads the
 * answer any client may read: /api/auth/session says who the token signs in, and a
 * Set-Cookie that deletes the cookie says the shop considers it dead. Sent with node:http
 * rather than fetch(), which adds `Sec-Fetch-Mode: cors`: the shop leaves the cookie of a
 * script's read alone, and a page load is what the thief's browser would send.
 * @returns {Promise<{ email: string | null, deleted: boolean }>}
 */
export function replayToken(shopUrl, cookieName, token, userAgent) {
  const url = new URL("/api/auth/session", shopUrl);
  const headers = { cookie: `${cookieName}=${token}`, "user-agent": userAgent, accept: "application/json" };
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? httpsGet : httpGet)(url, { headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => {
        let body = null;
        try {
          body = response.statusCode === 200 ? JSON.parse(text) : null;
        } catch {
          body = null;
        }
        resolve({ email: body?.user?.email ?? null, deleted: setCookieValue(response.headers["set-cookie"] ?? [], cookieName) === "" });
      });
    });
    request.on("error", reject);
  });
}

/** The framing policy a browser obeys for this page of the shop (after its redirects). */
export async function framingPolicy(shopUrl, path) {
  const response = await fetch(new URL(path, shopUrl));
  await response.body?.cancel();
  const csp = response.headers.get("content-security-policy") ?? "";
  return {
    xFrameOptions: response.headers.get("x-frame-options"),
    frameAncestors: csp.split(";").map((part) => part.trim()).find((part) => part.startsWith("frame-ancestors")) ?? null,
  };
}
