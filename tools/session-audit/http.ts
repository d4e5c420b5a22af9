// Raw HTTP requests, outside the browser: the audit decides every header itself (which
// cookie, which Origin) and reads every header of the answer. node:http rather than
// fetch(): it sends bytes fetch() refuses to put in a header (the garbage cookies), and it
// can accept a self-signed certificate for one request without turning checks off globally.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";

export type RawResponse = { status: number; headers: IncomingHttpHeaders; body: string };

export type RawRequest = {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string;
  /** Accept a certificate nobody signed (a local HTTPS test deployment). */
  insecure?: boolean;
};

const TIMEOUT_MS = 30_000;
// Enough for any page's text; a larger answer is cut rather than held in memory.
const MAX_BODY_BYTES = 2_000_000;

/** One request, redirects not followed: a 303 to the sign-in page is an answer in itself. */
export function send(url: URL, request: RawRequest = {}): Promise<RawResponse> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      url,
      {
        method: request.method ?? "GET",
        headers: request.headers,
        // A new connection each time: no request of the audit rides on another's socket.
        agent: false,
        timeout: TIMEOUT_MS,
        ...(url.protocol === "https:" ? { rejectUnauthorized: !request.insecure } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY_BYTES) chunks.push(chunk);
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer from ${url.href} within ${TIMEOUT_MS / 1000} s`)));
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
}

/** A header's values as one list, whether node gave a string, a list or nothing. */
export function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [String(value)];
}
