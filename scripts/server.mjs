#!/usr/bin/env node
// The production server: Next.js's request handler behind a Node.js HTTP server of our
// own, so that one thing happens before Next.js sees a request: the client's address is
// decided from the socket and TRUSTED_PROXY_COUNT (lib/http/forwarded.mjs), not taken from
// a header the client wrote. `npm start`, `npm run serve` and the e2e servers run this;
// `next start` run by hand would leave X-Forwarded-For to the client.
//   HOST=127.0.0.1 PORT=3000 node scripts/server.mjs   (after `next build`)
import { createServer } from "node:http";
import { normalizeForwardedHeaders } from "../lib/http/forwarded.mjs";

// Before Next.js loads: it reads NODE_ENV as it starts.
process.env.NODE_ENV ||= "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
const { default: next } = await import("next");

const hostname = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 3000);
// lib/env.ts validates this at start-up (instrumentation.ts) and stops the server on a bad
// value; this reading only has to agree with it.
const trustedProxies = Number(process.env.TRUSTED_PROXY_COUNT || 0);

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  normalizeForwardedHeaders(request, trustedProxies);
  void handle(request, response);
});
server.listen(port, hostname, () => {
  console.log(`▲ Ready on http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
