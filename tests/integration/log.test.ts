import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it, vi } from "vitest";
import { log, logOptions, requestLog, withRequestId } from "@/lib/log";
import { newRequest } from "./helpers/request";

// Server logs: JSON lines, a request id on every line a request causes, and secrets
// replaced before they are written, should a careless field ever carry one.

vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

function linesOf(write: (logger: pino.Logger) => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  write(pino(logOptions, sink));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("the server log", () => {
  it("writes one JSON object per line, with the app, an ISO time and the level", () => {
    const [line] = linesOf((logger) => logger.info({ event: "example" }, "hello"));
    expect(line).toMatchObject({ app: "larkspur-goods", level: 30, event: "example", msg: "hello" });
    expect(new Date(line!.time as string).toISOString()).toBe(line!.time);
  });

  it("replaces tokens, passwords, codes, secrets and cookies with [redacted], wherever a careless field puts them", () => {
    const secret = "x".repeat(43);
    const [line] = linesOf((logger) =>
      logger.warn({
        token: secret,
        tokens: [secret],
        sessionToken: secret,
        password: secret,
        newPassword: secret,
        currentPassword: secret,
        passwordHash: secret,
        code: "123456",
        secret,
        totpSecret: secret,
        cookie: secret,
        cookies: secret,
        headers: { cookie: secret, authorization: secret, "set-cookie": secret },
        user: { token: secret, password: secret, passwordHash: secret, secret, totpSecret: secret, sessionToken: secret, cookie: secret },
        request: { headers: { cookie: secret, authorization: secret, "set-cookie": secret } },
      }),
    );
    expect(JSON.stringify(line)).not.toContain(secret);
    expect(JSON.stringify(line)).not.toContain("123456");
    expect(line).toMatchObject({ token: "[redacted]", code: "[redacted]", headers: { cookie: "[redacted]" }, user: { password: "[redacted]" } });
  });

  it("keeps what is not a secret: an error's code, ids, names and counts", () => {
    const [line] = linesOf((logger) => logger.info({ userId: "u1", cookieNames: ["shop_session"], deleted: 3, err: { code: "P2002" } }));
    expect(line).toMatchObject({ userId: "u1", cookieNames: ["shop_session"], deleted: 3, err: { code: "P2002" } });
  });
});

describe("requestLog", () => {
  it("carries the id proxy.ts put on the forwarded request", async () => {
    newRequest({ "x-request-id": "0b9d5a4e-4f0e-4c5e-9a51-2f1e0c3d4b5a" });
    expect((await requestLog()).bindings()).toMatchObject({ requestId: "0b9d5a4e-4f0e-4c5e-9a51-2f1e0c3d4b5a" });
  });

  it("prefers proxy's own id while proxy handles the request", async () => {
    newRequest({ "x-request-id": "from-the-header" });
    const bindings = await withRequestId("from-proxy", async () => (await requestLog()).bindings());
    expect(bindings).toMatchObject({ requestId: "from-proxy" });
  });

  it("is the plain logger where there is no request id", async () => {
    newRequest();
    expect(await requestLog()).toBe(log);
  });
});
