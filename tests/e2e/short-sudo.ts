// The step-up window of the fourth e2e server (see playwright.config.ts), short enough to
// watch it close in real time. Set through the same env var an operator would use.
export const SHORT_SUDO = { windowSeconds: 5 } as const;
