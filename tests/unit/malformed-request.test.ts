import { describe, expect, it } from "vitest";
import { isDecodablePath, refuseMalformedRequest } from "@/lib/http/malformed-request";

// Next answers 500 to a path it cannot percent-decode; proxy.ts asks this module first.

describe("refuseMalformedRequest", () => {
  it("answers a path with broken percent-encoding with a plain-text 400 that says so", async () => {
    for (const path of ["/products/%", "/api/auth/%E0%A4%A"]) {
      const response = await refuseMalformedRequest(new Request(`http://shop.test${path}`));
      expect(response?.status).toBe(400);
      expect(response?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await response?.text()).toBe("The request path is not valid percent-encoding.");
    }
  });

  it("passes paths that decode, whatever the query holds", async () => {
    expect(await refuseMalformedRequest(new Request("http://shop.test/products/ceramic-mug?q=%"))).toBeNull();
    expect(await refuseMalformedRequest(new Request("http://shop.test/caf%C3%A9"))).toBeNull();
  });

  it("goes on to refuse an action body that Next could not decode", async () => {
    const request = new Request("http://shop.test/products/ceramic-mug", {
      method: "POST",
      body: "[".repeat(5000),
      headers: { "Next-Action": "7f00000000000000000000000000000000000000aa", "Content-Type": "text/plain" },
    });
    expect((await refuseMalformedRequest(request))?.status).toBe(400);
  });
});

describe("isDecodablePath", () => {
  it("answers false, not merely something falsy, for broken percent-encoding", () => {
    expect(isDecodablePath("/products/%")).toBe(false);
    expect(isDecodablePath("/products/%zz")).toBe(false);
    expect(isDecodablePath("/caf%C3%A9")).toBe(true);
  });
});
