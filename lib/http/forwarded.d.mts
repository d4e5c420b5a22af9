import type { IncomingMessage } from "node:http";

/** The client's address: the socket's, or the one the nearest trusted proxy recorded. */
export function clientAddress(forwardedFor: string | string[] | undefined, remoteAddress: string | undefined, trustedProxies: number): string;

/** Rewrites X-Forwarded-For to the one client address (and drops untrusted forwarded headers). */
export function normalizeForwardedHeaders(request: IncomingMessage, trustedProxies: number): void;
