import { env } from "@/lib/env";
import { isHttpsUrl } from "./https-url";

export type TransportConfig = {
  /** The public URL of the app (AUTH_URL); when set, it alone decides. */
  publicUrl: string | undefined;
  /** Reverse proxies in front of the app whose forwarded headers are believed (TRUSTED_PROXY_COUNT). */
  trustedProxies: number;
};

/**
 * Whether the browser reached the app over HTTPS, which decides the session cookie's
 * Secure flag and __Host- prefix, HSTS and upgrade-insecure-requests. It never follows a
 * header the client can write: a visitor who sends `X-Forwarded-Proto: https` to a
 * plain-HTTP server must not be able to change how the cookie is set. So: the configured
 * public URL when there is one; otherwise the protocol written by a proxy we were told to
 * trust (the right-most entry, which the nearest proxy wrote); otherwise plain HTTP,
 * because `next start` itself never terminates TLS.
 */
export function isHttps(headers: Headers, config: TransportConfig): boolean {
  if (config.publicUrl) return isHttpsUrl(config.publicUrl);
  if (config.trustedProxies < 1) return false;
  // Stryker disable next-line OptionalChaining: equivalent, split() always returns at least one element.
  const proto = headers.get("x-forwarded-proto")?.split(",").at(-1)?.trim().toLowerCase();
  return proto === "https";
}

/** The same decision with this server's configuration; what proxy, Auth.js and lib/session use. */
export function isHttpsRequest(headers: Headers): boolean {
  return isHttps(headers, { publicUrl: env.AUTH_URL, trustedProxies: env.TRUSTED_PROXY_COUNT });
}

/**
 * The host the browser addressed, for the cross-site check: the right-most
 * X-Forwarded-Host when a proxy in front is trusted to write it, else the Host header.
 */
export function requestHost(headers: Headers, trustedProxies = env.TRUSTED_PROXY_COUNT): string {
  // Stryker disable next-line OptionalChaining: equivalent, split() always returns at least one element.
  const forwarded = trustedProxies > 0 ? headers.get("x-forwarded-host")?.split(",").at(-1)?.trim() : undefined;
  return forwarded || (headers.get("host") ?? "");
}
