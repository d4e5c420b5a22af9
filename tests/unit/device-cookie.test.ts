import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookie, issueDeviceCookie, parseDeviceCookie } from "@/lib/security/device-cookie";
import { deriveKey } from "@/lib/security/keys";

// The device cookie: a random id and the server's signature of it. Whatever else a
// browser sends under its name is a stranger's cookie, never an error.

describe("the device cookie", () => {
  it("is HttpOnly, SameSite=Lax, host-wide and kept for a year; __Host- and Secure over HTTPS only", () => {
    const options = { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 24 * 60 * 60 };
    expect(DEVICE_COOKIE_MAX_AGE_SECONDS).toBe(31_536_000);
    expect(deviceCookie(false)).toEqual({ name: "shop_device", options: { ...options, secure: false } });
    expect(deviceCookie(true)).toEqual({ name: "__Host-shop_device", options: { ...options, secure: true } });
  });

  it("holds 32 random bytes and their signature; only a keyed hash of the id identifies it", () => {
    const first = issueDeviceCookie();
    const [id, signature] = first.value.split(".");
    expect(first.value).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(id!, "base64url")).toHaveLength(32);
    expect(signature).toBe(createHmac("sha256", deriveKey("device-cookie")).update(id!).digest("base64url"));
    expect(first.hash).toBe(createHmac("sha256", deriveKey("known-device")).update(id!).digest("hex"));
    expect(first.hash).not.toContain(id);
    const second = issueDeviceCookie();
    expect(second.value).not.toBe(first.value);
    expect(second.hash).not.toBe(first.hash);
  });

  it("reads back the device the server issued", () => {
    const issued = issueDeviceCookie();
    expect(parseDeviceCookie(issued.value)).toEqual(issued);
  });

  const issued = issueDeviceCookie();
  const [id, signature] = issued.value.split(".") as [string, string];
  const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
  const foreignKey = deriveKey("device-cookie", "another-server-secret-of-32-characters-or-more");
  it.each([
    ["no cookie", undefined],
    ["an empty value", ""],
    ["the id alone", id],
    ["an id and an empty signature", `${id}.`],
    ["a signature with one character changed", `${id}.${flipped}`],
    ["a truncated signature", `${id}.${signature.slice(0, -1)}`],
    ["a signature from another server's key", `${id}.${createHmac("sha256", foreignKey).update(id).digest("base64url")}`],
    ["another id with this signature", `${"A".repeat(43)}.${signature}`],
    ["a third part", `${issued.value}.extra`],
    ["an id of the wrong length, signed", `${id}A.${createHmac("sha256", deriveKey("device-cookie")).update(`${id}A`).digest("base64url")}`],
    ["an id with characters outside base64url, signed", `${id.slice(0, -1)}+.${createHmac("sha256", deriveKey("device-cookie")).update(`${id.slice(0, -1)}+`).digest("base64url")}`],
    ["a signature of multi-byte characters", `${id}.${"é".repeat(43)}`],
  ])("treats %s as no device", (_label, value) => {
    expect(parseDeviceCookie(value)).toBeNull();
  });
});
