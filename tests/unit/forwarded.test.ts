import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress, normalizeForwardedHeaders } from "@/lib/http/forwarded.mjs";

// The production server decides the client's address before Next.js sees the request. A
// client talking to the app directly must not be able to choose it with a header.

describe("clientAddress", () => {
  it.each([
    ["a direct client with no header", undefined, "203.0.113.5", 0, "203.0.113.5"],
    ["a direct client claiming another address", "6.6.6.6", "203.0.113.5", 0, "203.0.113.5"],
    ["a direct client claiming a whole chain", "6.6.6.6, 7.7.7.7", "203.0.113.5", 0, "203.0.113.5"],
    ["behind one proxy, the address it wrote", "198.51.100.9", "10.0.0.2", 1, "198.51.100.9"],
    ["behind one proxy, ignoring what the client put to its left", "6.6.6.6, 198.51.100.9", "10.0.0.2", 1, "198.51.100.9"],
    ["behind two proxies", "6.6.6.6, 198.51.100.9, 10.0.0.3", "10.0.0.2", 2, "198.51.100.9"],
    ["a chain shorter than the trusted proxies", undefined, "203.0.113.5", 2, "203.0.113.5"],
    ["a header sent twice, joined", ["6.6.6.6", "198.51.100.9"], "10.0.0.2", 1, "198.51.100.9"],
    ["empty entries skipped", " , 198.51.100.9 ,", "10.0.0.2", 1, "198.51.100.9"],
    ["a socket already closed, with no address", undefined, undefined, 0, ""],
  ] as const)("%s", (_case, forwardedFor, remote, trusted, expected) => {
    expect(clientAddress(forwardedFor as string | string[] | undefined, remote, trusted)).toBe(expected);
  });
});

describe("normalizeForwardedHeaders", () => {
  function request(headers: Record<string, string | string[]>, remoteAddress = "203.0.113.5"): IncomingMessage {
    return { headers: { ...headers }, socket: { remoteAddress } } as unknown as IncomingMessage;
  }

  it("with no trusted proxy, leaves one address and drops every forwarded claim", () => {
    const incoming = request({
      "x-forwarded-for": "6.6.6.6",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      "x-forwarded-port": "443",
      forwarded: "for=6.6.6.6;proto=https",
      host: "shop.example",
    });
    normalizeForwardedHeaders(incoming, 0);
    expect(incoming.headers).toEqual({ "x-forwarded-for": "203.0.113.5", host: "shop.example" });
  });

  it("behind a trusted proxy, keeps the proxy's protocol and host and its address for the client", () => {
    const incoming = request({ "x-forwarded-for": "6.6.6.6, 198.51.100.9", "x-forwarded-proto": "https", "x-forwarded-host": "shop.example" }, "10.0.0.2");
    normalizeForwardedHeaders(incoming, 1);
    expect(incoming.headers).toEqual({ "x-forwarded-for": "198.51.100.9", "x-forwarded-proto": "https", "x-forwarded-host": "shop.example" });
  });
});
