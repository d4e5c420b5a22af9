// npm run audit -- <url> [--config file] [--json] [--only ids] [--insecure]
// Exit status: 0 no check failed, 1 a check failed, 2 usage or config error, 3 the audit
// could not run (site unreachable, sign-in did not work, no browser).
import { parseArgs } from "node:util";
import { runAudit, selection } from "./audit";
import { ConfigError, DEFAULT_CONFIG_FILE, loadConfig, parseTarget } from "./config";
import { formatJson, formatTable } from "./report";
import { AuditError } from "./result";

export const EXIT = { ok: 0, failed: 1, usage: 2, couldNotRun: 3 } as const;

const USAGE = `Usage: npm run audit -- <url> [--config <file>] [--json] [--only <checks>] [--insecure]

  <url>              the site's address, http:// or https://
  --config <file>    JSON config: sign-in form, cookie, signed-in page (docs/audit.md);
                     default: this shop's demo account (tools/session-audit/shop.config.json)
  --json             the report as JSON on standard output
  --only <checks>    comma-separated checks or groups, e.g. fixation,cookie.httponly
  --insecure         accept a self-signed certificate

Exit status: 0 nothing failed, 1 a check failed, 2 usage or config error, 3 could not audit.`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        json: { type: "boolean", default: false },
        only: { type: "string" },
        insecure: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (args.values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  if (args.positionals.length !== 1) return usageError(args.positionals.length === 0 ? "the site's URL is missing" : "give exactly one URL");

  try {
    const target = parseTarget(args.positionals[0] ?? "");
    const only = args.values.only?.split(",").map((name) => name.trim()).filter(Boolean) ?? [];
    selection(only); // an unknown check name is a usage error before anything is sent
    const config = await loadConfig(args.values.config ?? DEFAULT_CONFIG_FILE);
    const report = await runAudit({ target, config, only, insecure: args.values.insecure, progress: (line) => console.error(`… ${line}`) });
    console.log(args.values.json ? formatJson(report) : formatTable(report));
    return report.summary.fail > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof ConfigError) return usageError(error.message);
    if (error instanceof AuditError) {
      console.error(`Could not audit: ${error.message}`);
      return EXIT.couldNotRun;
    }
    // A bug in the audit itself: not a finding about the site, so not exit status 1.
    console.error(error);
    return EXIT.couldNotRun;
  }
}

function usageError(message: string): number {
  console.error(`${message}\n\n${USAGE}`);
  return EXIT.usage;
}

process.exitCode = await main(process.argv.slice(2));
