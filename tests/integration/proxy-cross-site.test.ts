import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { proxy } from "@/proxy";

// The first of the three layers against cross-site request forgery (docs/workshop.md, lab
// 7), tested where it lives: proxy.ts itself, called with the request a browser sends when
// a page on another site submits a form to the shop. The other two layers (SameSite=Lax,
// Next.js's Origin check on server actions) would hide its absence in a browser test.

const SHOP = "http://localhost:3000";

function formPost(path: string, headers: Record<string, string>): NextRequest {
  return new NextRequest(`${SHOP}${path}`, {
    method: "POST",
    headers: { host: "localhost:3000", "content-type": "application/x-www-form-urlencoded", ...headers },
    body: "",
  });
}

afterEach(() => vi.restoreAllMocks());

describe("proxy, for a write from another site", () => {
  it.each<[string, Record<string, string>]>([
    ["a form on another site", { origin: "http://127.0.0.1:4000", "sec-fetch-site": "cross-site" }],
    ["an Origin header alone", { origin: "https://evil.example" }],
    ["Sec-Fetch-Site alone", { "sec-fetch-site": "cross-site" }],
    ["a sandboxed frame (Origin: null)", { origin: "null" }],
  ])("refuses %s with 403, before any page or action runs, and logs it", async (_name, headers) => {
    const warn = vi.spyOn(log, "warn");
    const response = await proxy(formPost("/sign-out", headers));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Cross-site request refused.");
    // NextResponse.next() would hand the request on to the route; a refusal never does.
    expect(response.headers.get("x-middleware-next")).toBeNull();
    expect(warn).toHaveBeenCalledWith(
      { event: "cross_site_write_refused", method: "POST", path: "/sign-out", origin: headers.origin ?? null },
      "write from another site refused",
    );
  });

  it("lets a form of the shop's own pages through", async () => {
    const response = await proxy(formPost("/sign-out", { origin: SHOP, "sec-fetch-site": "same-origin" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});
