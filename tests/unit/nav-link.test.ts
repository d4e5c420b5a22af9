import { describe, expect, it } from "vitest";
import { currentness } from "@/app/_components/nav-link";

// Which header link is the current page (aria-current="page") and which the section of a
// deeper page (aria-current="true").

describe("the header's current link", () => {
  it.each([
    ["/", "/", "page"],
    ["/products/ceramic-mug", "/", "true"],
    ["/cart", "/", undefined],
    ["/orders", "/orders", "page"],
    ["/orders/abc", "/orders", "true"],
    ["/ordersx", "/orders", undefined],
    ["/admin/users/1", "/admin", "true"],
    ["/account/security", "/account/sessions", undefined],
  ])("%s against the link %s is %s", (pathname, href, expected) => {
    expect(currentness(pathname, href)).toBe(expected);
  });
});
