// A signed-in page kept by a cache can be shown to the next person at a shared computer
// (the back button after sign-out) or, through a shared cache, to anyone.
import { headerValues } from "../http";
import { fail, pass, type CheckResult } from "../result";
import { cookiePair, type SignedIn } from "../session";
import { request, type Site } from "../site";

export async function cacheCheck(site: Site, session: SignedIn): Promise<CheckResult> {
  const pages = [...new Set([site.config.signedIn.url, ...site.config.authenticatedPages])];
  const bad: string[] = [];
  for (const page of pages) {
    const response = await request(site, page, { headers: { Cookie: cookiePair(session) } });
    const cacheControl = headerValues(response.headers, "cache-control").join(", ");
    if (!/(^|[\s,])no-store($|[\s,])/i.test(cacheControl)) bad.push(`${page} (${response.status}, Cache-Control: ${cacheControl || "none"})`);
  }
  return bad.length > 0
    ? fail("cache.authenticated", `without no-store, a browser or shared cache may keep and show a signed-in page after sign-out: ${bad.join("; ")}`)
    : pass("cache.authenticated", `no-store on ${pages.join(", ")} when signed in`);
}
