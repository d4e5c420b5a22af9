// Whether a configured public URL (AUTH_URL) is an HTTPS one. A leaf with no imports, so
// next.config.ts, lib/env.ts and lib/http/https.ts can all ask it the same way.
export function isHttpsUrl(url: string | undefined): boolean {
  return url?.startsWith("https:") ?? false;
}
