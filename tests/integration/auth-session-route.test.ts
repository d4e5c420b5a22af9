import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { handlers } from "@/auth";
import { createSession } from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";
import { newRequest } from "./helpers/request";

// GET /api/auth/session is the one answer of the shop that a script on its pages can
// read and that knows the session token: on the database strategy Auth.js hands the
// `session` callback the adapter's row, token included. HttpOnly keeps the token out of
// document.cookie; this keeps it out of every script's fetch (docs/workshop.md, lab 6).
// The real Auth.js route handler, the real adapter, a real session row.

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

// Auth.js refuses to answer without a secret; lib/env.ts reads it when auth.ts loads.
vi.hoisted(() => {
  process.env.AUTH_SECRET ||= "test-only-secret-that-is-at-least-32-characters";
});

// The adapter reads the request's user agent through next/headers for the browser check.
vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

beforeEach(resetDatabase);

async function sessionJson(token: string): Promise<{ text: string; body: unknown }> {
  const headers = { cookie: `shop_session=${token}`, "user-agent": BROWSER };
  newRequest(headers);
  const response = await handlers.GET(new NextRequest("http://localhost:3000/api/auth/session", { headers }));
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, body: JSON.parse(text) };
}

describe("GET /api/auth/session", () => {
  it("answers who is signed in, field by field, and never the session token", async () => {
    const user = await createUser();
    const { token, session } = await createSession({ userId: user.id, device: { ipAddress: null, userAgent: BROWSER } });

    const { text, body } = await sessionJson(token);

    expect(text).not.toContain(token);
    expect(text).not.toContain(session.id);
    expect(body).toEqual({ expires: session.idleExpiresAt.toISOString(), user: { id: user.id, name: user.name, email: user.email } });
  });

  it("answers null to a guest and to a token that names no session", async () => {
    const guest = await createSession({ userId: null, device: { ipAddress: null, userAgent: BROWSER } });
    expect((await sessionJson(guest.token)).body).toBeNull();
    expect((await sessionJson("A".repeat(43))).body).toBeNull();
  });
});
