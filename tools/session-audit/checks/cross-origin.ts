// A state-changing POST that another site's page makes the browser send. The audit sends it
// itself, with the session cookie, as a browser would if SameSite did not stop it (an old
// browser, SameSite=None, or a sibling subdomain, which is same-site). So this tests the
// server's own Origin check, not the browser's cookie rules.
import { headerValues } from "../http";
import { fail, pass, unknown, type CheckResult } from "../result";
import { cookiePair, type SignedIn } from "../session";
import { isSignedIn, request, type Site } from "../site";

export const ATTACKER_ORIGIN = "https://attacker.invalid";

export async function crossOriginCheck(site: Site, session: SignedIn): Promise<CheckResult> {
  const configured = site.config.crossSitePost;
  const form = configured ? undefined : await session.visitor.signOutForm();
  if (!configured && (!form || form.method.toLowerCase() !== "post")) {
    return unknown("csrf.cross-origin-post", "no POST form holds the sign-out button; set crossSitePost in the config to a state-changing POST");
  }
  const target = configured ? configured.url : (form?.action ?? "");
  const response = await request(site, target, {
    method: "POST",
    headers: {
      // What a browser sends for a form on another site's page, submitted to this one.
      Origin: ATTACKER_ORIGIN,
      "Sec-Fetch-Site": "cross-site",
      "Sec-Fetch-Mode": "navigate",
      "Sec-Fetch-Dest": "document",
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: await session.visitor.cookieHeader(),
    },
    body: new URLSearchParams(configured?.fields ?? {}).toString(),
  });
  const path = new URL(target, site.base).pathname;
  const answered = `answered ${response.status}${headerValues(response.headers, "location").length ? ` (to ${headerValues(response.headers, "location")[0]})` : ""}`;
  if (response.status >= 500) return fail("csrf.cross-origin-post", `a POST to ${path} with Origin ${ATTACKER_ORIGIN} ${answered}: an error, not a refusal`);
  if (response.status >= 400) return pass("csrf.cross-origin-post", `a POST to ${path} with Origin ${ATTACKER_ORIGIN} was refused: ${answered}`);
  if (configured) {
    return fail("csrf.cross-origin-post", `a POST to ${path} with Origin ${ATTACKER_ORIGIN} was accepted: ${answered} (a refusal is a 4xx)`);
  }
  // The default target is sign-out, whose effect is visible: did the session end?
  return (await isSignedIn(site, cookiePair(session)))
    ? unknown("csrf.cross-origin-post", `a cross-site POST to ${path} ${answered}, yet the session survived: the site may have ignored it some other way`)
    : fail("csrf.cross-origin-post", `a POST to ${path} from Origin ${ATTACKER_ORIGIN} was obeyed: it signed the user out (${answered})`);
}
