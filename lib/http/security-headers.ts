// Response headers for every response. The CSP nonce is new for each page; Next.js reads
// it from the request's Content-Security-Policy header and stamps it on its own scripts.
// Without a nonce (responses proxy writes itself, and next.config.ts's copy for paths
// proxy never sees) no inline script may run at all.

export function contentSecurityPolicy(nonce: string | null, { secure, dev }: { secure: boolean; dev: boolean }): string {
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts loaded by a nonced script are trusted, nothing else is.
    // React needs eval only for its development-time stack traces.
    nonce === null ? "script-src 'self'" : `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes are allowed: style injection cannot run code, and nonces do
    // not cover attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // Forms may post only to this origin: an injected <form> cannot send data elsewhere.
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(secure ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(csp: string, secure: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    // HSTS only over HTTPS: sent over plain HTTP it is ignored anyway, and on localhost it
    // would pin the browser to HTTPS for every local project.
    ...(secure ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
