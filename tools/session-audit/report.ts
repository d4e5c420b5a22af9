// The report for a person (one line per check, so `grep ^FAIL` finds the failures) and for
// a machine (--json).
import type { AuditReport } from "./audit";
import type { Transport } from "./checks/cookie-flags";

const TRANSPORT_NOTE: Record<Transport, string> = {
  https: "HTTPS",
  "loopback-http": "plain HTTP on loopback: Secure and the cookie prefixes cannot be set here and are UNKNOWN; audit the HTTPS address for them",
  http: "plain HTTP beyond this machine: every token crosses the network in clear text",
};

export function formatTable(report: AuditReport): string {
  const idWidth = Math.max(...report.checks.map((check) => check.id.length), 2) + 2;
  const lines = report.checks.map((check) => `${check.status.padEnd(9)}${check.id.padEnd(idWidth)}${check.why}`);
  const { pass, fail, unknown } = report.summary;
  return [
    `Session audit of ${report.target} (cookie ${report.cookie}; ${TRANSPORT_NOTE[report.transport]})`,
    "",
    ...lines,
    "",
    `${pass} passed, ${fail} failed, ${unknown} unknown in ${report.seconds} s`,
  ].join("\n");
}

export function formatJson(report: AuditReport): string {
  return JSON.stringify(report, null, 2);
}
