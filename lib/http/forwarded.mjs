// Who sent a request, decided once, before Next.js sees it (scripts/server.mjs). Plain
// JavaScript, with its types in forwarded.d.mts, because the server script runs on Node.js
// without a TypeScript step.
//
// `next start` fills X-Forwarded-For with the socket's address only when the request has
// none, so a client that sends its own header chooses the address the app sees. Here the
// socket's address is appended to whatever chain arrived, and the client is the entry
// `trustedProxies` places from the right: with no trusted proxy that is the socket itself;
// behind one proxy (TRUSTED_PROXY_COUNT=1), the address that proxy wrote. The result
// replaces the header, so everything downstream reads one address it can rely on.

/** The client's address: the socket's, or the one the nearest trusted proxy recorded. */
export function clientAddress(forwardedFor, remoteAddress, trustedProxies) {
  const sent = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...sent, remoteAddress ?? ""];
  // A chain shorter than the proxies we trust came from a client talking to us directly.
  return chain[Math.max(0, chain.length - 1 - trustedProxies)];
}

/**
 * Rewrites a Node.js request's headers in place: X-Forwarded-For becomes the one client
 * address; with no trusted proxy, the other forwarded headers (protocol, host) are the
 * client's own words and are removed, so Next.js fills them from the connection instead.
 */
export function normalizeForwardedHeaders(request, trustedProxies) {
  const client = clientAddress(request.headers["x-forwarded-for"], request.socket.remoteAddress, trustedProxies);
  if (trustedProxies === 0) {
    for (const name of ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded"]) delete request.headers[name];
  }
  // Replaces whatever chain arrived.
  request.headers["x-forwarded-for"] = client;
}
