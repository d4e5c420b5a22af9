import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { db, sessionWriteCount } from "@/lib/db";
import { validateRequestSession } from "@/lib/session/current";
import { issueSessionProof, PROOF_TTL_MS, readSessionProof, SESSION_PROOF_HEADER } from "@/lib/session/proof";
import { createSession, validateSessionToken } from "@/lib/session/store";
import { generateSessionToken, hashSessionToken } from "@/lib/session/token";
import { createUser, executeElsewhere, resetDatabase } from "./helpers/db";
import { newRequest } from "./helpers/request";

// proxy.ts looks the session up and seals its answer for the page (lib/session/proof.ts),
// so a request costs one session query. These tests attack the seal: the page must accept
// proxy's answer for this request and this token only, and look the session up itself for
// anything else a client could send.

vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

beforeEach(resetDatabase);

const device = { ipAddress: null, userAgent: null };
const REQUEST_ID = "4b0f6a1e-9d0c-4d5e-8f7a-2b3c4d5e6f70";

/** A signed-in session and proxy's sealed answer for it, as proxy would hand it on. */
async function vouchedSession() {
  const user = await createUser();
  const { token } = await createSession({ userId: user.id, device });
  const validation = await validateSessionToken(token);
  const proof = issueSessionProof(token, validation, REQUEST_ID, sessionWriteCount())!;
  return { user, token, validation, proof };
}

/** The page's view of a request carrying `token`, with these extra headers. */
function pageRequest(token: string, headers: Record<string, string>) {
  newRequest(headers);
  return validateRequestSession(token);
}

/** Ends the session behind proxy's back, from another instance: only a lookup of the page's own can notice. */
async function revoke(token: string) {
  await executeElsewhere(`DELETE FROM "Session" WHERE "id" = $1`, [hashSessionToken(token)]);
  expect(await validateSessionToken(token)).toEqual({ session: null, user: null });
}

describe("proxy's sealed answer", () => {
  it("stands in for the page's lookup in the request it was made for", async () => {
    const { token, validation, proof } = await vouchedSession();
    await revoke(token);
    // No query: the row is gone, yet the page gets proxy's answer, dates and all.
    expect(await pageRequest(token, { [SESSION_PROOF_HEADER]: proof, "x-request-id": REQUEST_ID })).toEqual(validation);
  });

  it("holds for that request only: the next request is looked up again and the revocation holds", async () => {
    const { token, proof } = await vouchedSession();
    await revoke(token);
    expect(await pageRequest(token, { [SESSION_PROOF_HEADER]: proof, "x-request-id": crypto.randomUUID() })).toEqual({ session: null, user: null });
  });

  it("vouches for the token it was made for, not for another token the request carries", async () => {
    const { proof } = await vouchedSession();
    const other = generateSessionToken();
    expect(await pageRequest(other, { [SESSION_PROOF_HEADER]: proof, "x-request-id": REQUEST_ID })).toEqual({ session: null, user: null });
  });

  it("expires within seconds", async () => {
    const { token, validation, proof } = await vouchedSession();
    const now = Date.now();
    expect(readSessionProof(proof, token, REQUEST_ID, new Date(now + PROOF_TTL_MS - 1000))).toEqual(validation);
    expect(readSessionProof(proof, token, REQUEST_ID, new Date(now + PROOF_TTL_MS + 1000))).toBeNull();
  });

  it("refuses an altered answer: a guest made admin, a user swapped", async () => {
    const { token, proof } = await vouchedSession();
    const [body, signature] = proof.split(".");
    const payload = JSON.parse(Buffer.from(body!, "base64url").toString());
    payload.user.role = "ADMIN";
    const altered = `${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`;
    expect(readSessionProof(altered, token, REQUEST_ID)).toBeNull();
    await revoke(token);
    expect(await pageRequest(token, { [SESSION_PROOF_HEADER]: altered, "x-request-id": REQUEST_ID })).toEqual({ session: null, user: null });
  });

  it("refuses an answer sealed with any other key, and anything that is not a seal", async () => {
    const { token, proof } = await vouchedSession();
    const [body] = proof.split(".");
    const forged = `${body}.${createHmac("sha256", "a guessed secret").update(body!).digest("base64url")}`;
    for (const value of [forged, body!, `${proof}.extra`, `${body}.`, ".", "", "not a proof", `${body}.${"A".repeat(43)}`]) {
      expect(readSessionProof(value, token, REQUEST_ID), value).toBeNull();
    }
    await revoke(token);
    expect(await pageRequest(token, { [SESSION_PROOF_HEADER]: forged, "x-request-id": REQUEST_ID })).toEqual({ session: null, user: null });
  });

  it("needs the request id proxy gave the request: without one, the page looks the session up", async () => {
    const { token, proof } = await vouchedSession();
    expect(readSessionProof(proof, token, null)).toBeNull();
    await revoke(token);
    expect(await pageRequest(token, { [SESSION_PROOF_HEADER]: proof })).toEqual({ session: null, user: null });
  });

  it("carries a dead token's answer too, so a revoked cookie costs one query, not two", async () => {
    const token = generateSessionToken();
    const proof = issueSessionProof(token, { session: null, user: null }, REQUEST_ID, sessionWriteCount())!;
    expect(readSessionProof(proof, token, REQUEST_ID)).toEqual({ session: null, user: null });
  });

  it("is refused once this process has written a session since: the render after an action sees the action's change", async () => {
    const { token, validation, proof } = await vouchedSession();
    const headers = { [SESSION_PROOF_HEADER]: proof, "x-request-id": REQUEST_ID };
    await db.session.findMany({ where: { userId: validation.user!.id } });
    await db.user.count();
    expect(await pageRequest(token, headers), "reads leave the proof good").toEqual(validation);
    await db.session.update({ where: { id: validation.session!.id }, data: { notice: "Dismiss me" } });
    expect(readSessionProof(proof, token, REQUEST_ID)).toBeNull();
    expect((await pageRequest(token, headers)).session!.notice).toBe("Dismiss me");
  });

  it("is refused once this process has written a user since: a role changed by the action counts at once", async () => {
    const { token, validation, proof } = await vouchedSession();
    await db.user.update({ where: { id: validation.user!.id }, data: { role: "ADMIN" } });
    expect(readSessionProof(proof, token, REQUEST_ID)).toBeNull();
    expect((await pageRequest(token, { [SESSION_PROOF_HEADER]: proof, "x-request-id": REQUEST_ID })).user!.role).toBe("ADMIN");
  });

  it("is refused after a write in a transaction and after a bulk write, not only after a single update", async () => {
    const first = await vouchedSession();
    await db.$transaction(async (tx) => tx.session.updateMany({ where: { id: "none" }, data: { notice: "x" } }));
    expect(readSessionProof(first.proof, first.token, REQUEST_ID)).toBeNull();
    const second = await vouchedSession();
    await db.user.deleteMany({ where: { id: "none" } });
    expect(readSessionProof(second.proof, second.token, REQUEST_ID)).toBeNull();
  });

  it("is refused when made while a revocation was on its way: the lookup read the row before the commit", async () => {
    const user = await createUser();
    const { token, session } = await createSession({ userId: user.id, device });
    let proof = "";
    await db.$transaction(async (tx) => {
      await tx.session.deleteMany({ where: { id: session.id } });
      // Proxy, in the same process, during the revocation: it reads the count, then looks
      // the session up on another connection, which still sees the committed row.
      const writesBefore = sessionWriteCount();
      const seen = await validateSessionToken(token);
      expect(seen.session?.id).toBe(session.id);
      proof = issueSessionProof(token, seen, REQUEST_ID, writesBefore)!;
    });
    // The action runs after the commit: the proof must not stand in for a lookup now.
    expect(readSessionProof(proof, token, REQUEST_ID)).toBeNull();
    expect(await pageRequest(token, { [SESSION_PROOF_HEADER]: proof, "x-request-id": REQUEST_ID })).toEqual({ session: null, user: null });
  });

  it("stays good across a transaction that wrote no session or user, such as a cart's", async () => {
    const { token, validation } = await vouchedSession();
    const proof = issueSessionProof(token, validation, REQUEST_ID, sessionWriteCount())!;
    await db.$transaction(async (tx) => {
      await tx.cart.create({ data: { sessionId: validation.session!.id } });
    });
    expect(readSessionProof(proof, token, REQUEST_ID)).toEqual(validation);
  });

  it("is refused when the count moved between proxy's reading it and its lookup", async () => {
    const { token, validation } = await vouchedSession();
    const writesBefore = sessionWriteCount();
    await db.session.update({ where: { id: validation.session!.id }, data: { notice: "Changed" } });
    const proof = issueSessionProof(token, validation, REQUEST_ID, writesBefore)!;
    expect(readSessionProof(proof, token, REQUEST_ID)).toBeNull();
  });

  it("is not issued for a request without a well-formed token: there is nothing to look up", () => {
    expect(issueSessionProof(undefined, { session: null, user: null }, REQUEST_ID, sessionWriteCount())).toBeNull();
    expect(issueSessionProof("garbage", { session: null, user: null }, REQUEST_ID, sessionWriteCount())).toBeNull();
  });
});
