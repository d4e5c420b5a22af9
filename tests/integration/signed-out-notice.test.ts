import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import {
  clearSignedOutNotice,
  hasSignedOutNotice,
  SIGNED_OUT_NOTICE_SECONDS,
  signedOutNoticeCookie,
} from "@/lib/session/signed-out-notice";
import { createSession } from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";
import { newRequest } from "./helpers/request";

// The "You were signed out" flag: proxy.ts raises it next to the deletion of a dead
// session cookie, the sign-in page reads it, and signing in clears it. The proxy side is
// driven end to end in tests/e2e/step-up.spec.ts; this is the cookie itself.

vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

const device = { ipAddress: null, userAgent: null };
beforeEach(resetDatabase);

describe("the flag cookie", () => {
  it("is HttpOnly, SameSite=Lax, host-wide and lives ten minutes", () => {
    expect(SIGNED_OUT_NOTICE_SECONDS).toBe(600);
    expect(signedOutNoticeCookie(false)).toEqual({
      name: "shop_signed_out",
      value: "1",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: false, maxAge: 600 },
    });
  });

  it("over HTTPS is Secure with the __Host- prefix, so no subdomain can plant it", () => {
    expect(signedOutNoticeCookie(true)).toEqual({
      name: "__Host-shop_signed_out",
      value: "1",
      options: { httpOnly: true, sameSite: "lax", path: "/", secure: true, maxAge: 600 },
    });
  });
});

describe("reading and clearing it in a request", () => {
  it("is seen only under this protocol's name and with the value proxy sets", async () => {
    newRequest({ cookie: "shop_signed_out=1" });
    expect(await hasSignedOutNotice()).toBe(true);
    newRequest({});
    expect(await hasSignedOutNotice()).toBe(false);
    newRequest({ cookie: "shop_signed_out=yes" });
    expect(await hasSignedOutNotice()).toBe(false);
    newRequest({ cookie: "__Host-shop_signed_out=1" });
    expect(await hasSignedOutNotice()).toBe(false);
  });

  it("is cleared with the attributes it was set with, so the browser really drops it", async () => {
    const request = newRequest({ cookie: "shop_signed_out=1" });
    await clearSignedOutNotice();
    expect(request.written).toEqual([
      { name: "shop_signed_out", value: "", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false, maxAge: 0 } },
    ]);
    expect(await hasSignedOutNotice()).toBe(false);
  });
});

describe("a dead session cookie that proxy left in place (a client-side navigation)", () => {
  it("is noticed by the page itself, with the same answer for a revoked token and for garbage", async () => {
    const user = await createUser();
    const revoked = await createSession({ userId: user.id, device });
    await db.session.delete({ where: { id: revoked.session.id } });
    for (const value of [revoked.token, "A".repeat(43), "made-up-garbage"]) {
      newRequest({ cookie: `shop_session=${value}` });
      expect(await hasSignedOutNotice(), value).toBe(true);
    }
  });

  it("is not claimed for a live session, a guest's included, nor for no cookie or an empty one", async () => {
    const user = await createUser();
    const live = await createSession({ userId: user.id, device });
    const guest = await createSession({ userId: null, device });
    for (const cookie of [`shop_session=${live.token}`, `shop_session=${guest.token}`, "", "shop_session="]) {
      newRequest({ cookie });
      expect(await hasSignedOutNotice(), cookie).toBe(false);
    }
  });

  it("is not claimed for two session cookies, which name no session and get no flag either", async () => {
    newRequest({ cookie: `shop_session=${"A".repeat(43)}; shop_session=${"B".repeat(43)}` });
    expect(await hasSignedOutNotice()).toBe(false);
  });
});
