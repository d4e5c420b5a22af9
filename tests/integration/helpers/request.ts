// A stand-in for the one thing Vitest cannot give lib/session/current.ts: a Next.js
// request scope. `next/headers` is replaced by a small cookie jar that reads a real Cookie
// header and records every cookie written, so a test can play a request and inspect the
// response's Set-Cookie instructions. The database behind it is the real one. A test file
// installs it with:
//   vi.mock("next/headers", async () => (await import("./helpers/request")).nextHeadersModule);

export type WrittenCookie = { name: string; value: string; options: Record<string, unknown> };

type Request = { headers: Headers; cookies: Map<string, string>; written: WrittenCookie[] };

const request: Request = { headers: new Headers(), cookies: new Map(), written: [] };

/** Starts a new request with these headers (a `cookie` header is parsed as a browser sends it). */
export function newRequest(headers: Record<string, string> = {}): Request {
  request.headers = new Headers(headers);
  request.cookies = new Map();
  for (const pair of (headers.cookie ?? "").split(";")) {
    const index = pair.indexOf("=");
    if (index > 0) request.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
  }
  request.written = [];
  return request;
}

export const nextHeadersModule = {
  headers: async () => request.headers,
  cookies: async () => ({
    get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
    set: (name: string, value: string, options: Record<string, unknown> = {}) => {
      request.written.push({ name, value, options });
      request.cookies.set(name, value);
    },
  }),
};

/** The redirect a call ended in, read from the error Next.js throws for it. */
export async function redirectOf(call: Promise<unknown>): Promise<string | null> {
  try {
    await call;
    return null;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest !== "string" || !digest.startsWith("NEXT_REDIRECT;")) throw error;
    return digest.split(";")[2] ?? null;
  }
}
