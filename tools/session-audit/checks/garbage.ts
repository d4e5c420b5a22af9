// Cookies no browser would send, under the session cookie's name: each must get an
// ordinary answer (anonymous, a 4xx, a redirect), never a 5xx or a dropped connection,
// and never a signed-in page. A 5xx shows input reaching code that did not expect it.
import { randomBytes } from "node:crypto";
import { fail, pass, type CheckResult } from "../result";
import { request, type Site } from "../site";

export function garbageCookies(name: string): { label: string; header: string }[] {
  // Bytes 0x80-0xff and punctuation: node sends them as they are (latin1), as a raw client would.
  const binary = Array.from(randomBytes(48), (byte) => String.fromCharCode(0x80 + (byte % 0x80))).join("") + `"\\{}[]<>`;
  return [
    { label: "empty", header: `${name}=` },
    { label: "long (8 KB)", header: `${name}=${"A".repeat(8192)}` },
    { label: "binary-ish", header: `${name}=${binary}` },
    { label: "SQL-ish", header: `${name}=' OR '1'='1' --` },
    { label: "SQL-ish, quoted", header: `${name}="1; DROP TABLE sessions; --"` },
    { label: "bad percent-encoding", header: `${name}=%E0%A4%A%ZZ%00` },
    { label: "JSON", header: `${name}={"userId":1,"role":"admin"}` },
    { label: "well-formed but unknown", header: `${name}=${randomBytes(32).toString("base64url")}` },
    { label: "twice", header: `${name}=a; ${name}=b` },
    { label: "200 cookies", header: [...Array.from({ length: 200 }, (_, i) => `c${i}=${i}`), `${name}=x`].join("; ") },
  ];
}

export async function garbageCheck(site: Site, name: string): Promise<CheckResult> {
  const pages = [...new Set(["/", site.config.login.url, site.config.signedIn.url])];
  const bad: string[] = [];
  for (const { label, header } of garbageCookies(name)) {
    for (const page of pages) {
      try {
        const response = await request(site, page, { headers: { Cookie: header } });
        if (response.status >= 500) bad.push(`${label} on ${page}: ${response.status}`);
        else if (page === site.config.signedIn.url && response.status === 200 && (site.config.signedIn.text === undefined || response.body.includes(site.config.signedIn.text))) {
          bad.push(`${label} on ${page}: signed in`);
        }
      } catch (error) {
        bad.push(`${label} on ${page}: no answer (${(error as Error).message})`);
      }
    }
  }
  const sent = garbageCookies(name).length * pages.length;
  return bad.length > 0
    ? fail("garbage.cookies", `${bad.length} of ${sent} requests with a garbage ${name} cookie went wrong: ${bad.slice(0, 4).join("; ")}${bad.length > 4 ? "; …" : ""}`)
    : pass("garbage.cookies", `${sent} requests with garbage ${name} cookies (long, binary-ish, SQL-ish, 200 cookies, duplicated, …) got ordinary answers, none a 5xx`);
}
