import type { CheckId } from "@/tools/session-audit/result";
import { SHORT_TIMEOUTS } from "./short-timeouts";

// What the session audit (npm run audit) must report against the shop with a workshop lab's
// break applied (docs/labs/<n>.patch): exactly these checks FAIL, every other one passes or
// stays unknown as it does on the intact shop. `npm test` proves each lab listed here with
// scripts/check-audit-labs.ts (a scratch copy, patched, built and served); by hand,
// tests/e2e/session-audit.spec.ts reads the lab from AUDIT_LAB.
export type AuditLab = {
  fails: CheckId[];
  /** The break shows only when sessions expire: serve the shop with SHORT_TIMEOUTS and give the audit its waits. */
  timeouts: boolean;
  /**
   * The audit's --only: the groups of checks run. With SHORT_TIMEOUTS a session dies within
   * 10 s, too soon for the cookie and sign-out checks to finish with it, so the timeout
   * lab runs the timeout checks alone (as the intact shop's timeout spec does).
   */
  only?: string;
};

export const AUDIT_LABS: Record<string, AuditLab> = {
  // Lab 1 keeps the browser's guest token at sign-in. A planted token still names no row,
  // so it is still replaced: fixation.planted passes.
  "1": { fails: ["fixation.rotation"], timeouts: false },
  // Lab 3 forgets the expiry check: a session idle past its timeout, or past its absolute
  // lifetime, still works.
  "3": { fails: ["timeout.idle", "timeout.absolute"], timeouts: true, only: "timeout" },
};

export const AUDIT_FAILURES_BY_LAB: Record<string, CheckId[]> = Object.fromEntries(Object.entries(AUDIT_LABS).map(([lab, { fails }]) => [lab, fails]));

/** Checks that cannot pass over plain HTTP on loopback, or need waits the spec does not give. */
export const UNKNOWN_OVER_LOCAL_HTTP: CheckId[] = ["cookie.secure", "cookie.prefix", "timeout.idle", "timeout.absolute"];

/** The audit's waits for a shop with SHORT_TIMEOUTS: each timeout plus 2 s, as docs/audit.md tells an auditor. */
export const SHORT_TIMEOUT_WAITS = { idleWaitSeconds: SHORT_TIMEOUTS.idleSeconds + 2, absoluteWaitSeconds: SHORT_TIMEOUTS.absoluteSeconds + 2, activityEverySeconds: 1 };
