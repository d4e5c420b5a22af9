// One purge of expired sessions and old security data, for a cron job:
//   npm run purge
// It is the purge every server process also runs on its timer (lib/session/housekeeping.ts);
// set HOUSEKEEPING_INTERVAL_SECONDS=0 for the servers when cron runs this instead. Run with
// tsx's `--conditions=react-server`, which lets server-only modules load outside Next.js,
// so it uses the app's own database client and rules. Prints what it deleted; exits 1 when
// the database could not be purged.
import { existsSync } from "node:fs";

if (existsSync(".env")) process.loadEnvFile(".env");

try {
  // Imported here: a bad setting in .env throws while lib/env.ts loads, and is reported below.
  const { purgeExpired } = await import("@/lib/session/housekeeping");
  const counts = await purgeExpired();
  console.log(
    `Purged ${counts.sessions} expired sessions, ${counts.pendingSignIns} pending sign-ins, ${counts.throttles} throttle counters, ` +
      `${counts.knownDevices} known devices, ${counts.securityEvents} security events.`,
  );
} catch (error) {
  console.error(`The purge failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
