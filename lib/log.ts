import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";

// Server logs are JSON lines on standard output (docs/architecture.md): one object per
// event, for whatever collects stdout. pino writes exactly that by default.
//
// Secrets are never logged: callers pass cookie names, counts and ids, never a token, a
// password, a code or a cookie's value. The redact list is the second line of defence,
// for a field added carelessly later; the e2e suite's log audit (tests/e2e/log-audit.spec.ts)
// is the third, and checks the logs of a whole run for every token the browsers held.
export const logOptions: pino.LoggerOptions = {
  base: { app: "larkspur-goods" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: [
      "token",
      "*.token",
      "tokens",
      "sessionToken",
      "*.sessionToken",
      "cookie",
      "*.cookie",
      "cookies",
      "headers.cookie",
      'headers["set-cookie"]',
      "headers.authorization",
      "*.headers.cookie",
      '*.headers["set-cookie"]',
      "*.headers.authorization",
      "password",
      "*.password",
      "newPassword",
      "currentPassword",
      "passwordHash",
      "*.passwordHash",
      "code",
      "secret",
      "*.secret",
      "totpSecret",
      "*.totpSecret",
    ],
    censor: "[redacted]",
  },
};

export const log = pino(logOptions);

// The id proxy.ts gives each request. Proxy's own lines (and what it calls, such as the
// session lookup) read it from here; pages, actions and route handlers read the
// `x-request-id` header proxy set on the request it forwarded. The header is always
// proxy's: a value the client sent is overwritten, so no one can make lines look like
// another request's.
const proxyRequest = new AsyncLocalStorage<string>();

/** Runs `work` (proxy's handling of one request) with `requestId` on every line it logs. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return proxyRequest.run(requestId, work);
}

/** The logger for the current request: every line carries its `requestId`. */
export async function requestLog(): Promise<Logger> {
  const requestId = proxyRequest.getStore() ?? (await forwardedRequestId());
  return requestId ? log.child({ requestId }) : log;
}

async function forwardedRequestId(): Promise<string | null> {
  try {
    const { headers } = await import("next/headers");
    return (await headers()).get("x-request-id");
  } catch {
    // Outside a request (the housekeeping timer, a script): lines carry no request id.
    return null;
  }
}
