// The timeouts of the second e2e server (see playwright.config.ts), short enough to watch
// a session expire in real time. Set through the same env vars an operator would use.
export const SHORT_TIMEOUTS = { idleSeconds: 4, absoluteSeconds: 10 } as const;
