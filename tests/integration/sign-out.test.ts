import { beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/sign-out/route";
import { createSession, validateSessionToken } from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";
import { newRequest } from "./helpers/request";

// The sign-out route on its own, without proxy in front: it must refuse another site by
// itself, and end every session the browser holds a token for.

vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

const device = { ipAddress: null, userAgent: null };
beforeEach(resetDatabase);

function signOutRequest(headers: Record<string, string>): Request {
  newRequest(headers);
  return new Request("http://shop.example/sign-out", { method: "POST", headers });
}

describe("POST /sign-out", () => {
  it("refuses a cross-site post itself, and ends nothing", async () => {
    const user = await createUser();
    const { token } = await createSession({ userId: user.id, device });
    const response = await POST(signOutRequest({ host: "shop.example", origin: "https://evil.example", cookie: `shop_session=${token}` }));
    expect(response.status).toBe(403);
    expect((await validateSessionToken(token)).user?.id).toBe(user.id);
  });

  it("ends the session, deletes the cookie and tells the browser to clear the site", async () => {
    const user = await createUser();
    const { token } = await createSession({ userId: user.id, device });
    const request = signOutRequest({ host: "shop.example", origin: "http://shop.example", cookie: `shop_session=${token}` });
    const response = await POST(request);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect(response.headers.get("clear-site-data")).toBe('"cache", "cookies", "storage"');
    expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
  });

  it("ends every session the browser sent a token for, a planted second one included", async () => {
    const user = await createUser();
    const real = await createSession({ userId: user.id, device });
    const planted = await createSession({ userId: null, device });
    await POST(signOutRequest({ host: "shop.example", cookie: `shop_session=${planted.token}; shop_session=${real.token}` }));
    expect((await validateSessionToken(real.token)).session).toBeNull();
    expect((await validateSessionToken(planted.token)).session).toBeNull();
  });
});
