import type { CheckId } from "@/tools/session-audit/result";

// What the session audit (npm run audit) must report against the shop with a workshop lab's
// break applied (docs/labs/<n>.patch): exactly these checks FAIL, every other one passes or
// stays unknown as it does on the intact shop. tests/e2e/session-audit.spec.ts reads the
// lab from AUDIT_LAB; without it the shop is intact and nothing may fail.
export const AUDIT_FAILURES_BY_LAB: Record<string, CheckId[]> = {
  // Lab 1 keeps the browser's guest token at sign-in. A planted token still names no row,
  // so it is still replaced: fixation.planted passes.
  "1": ["fixation.rotation"],
};

/** Checks that cannot pass over plain HTTP on loopback, or need waits the spec does not give. */
export const UNKNOWN_OVER_LOCAL_HTTP: CheckId[] = ["cookie.secure", "cookie.prefix", "timeout.idle", "timeout.absolute"];
