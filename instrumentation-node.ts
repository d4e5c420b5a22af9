// Start-up work for a Node.js server process, run by instrumentation.ts register().

export async function startNodeServer(): Promise<void> {
  // 1. Validate the environment: importing lib/env parses it and throws on a bad value.
  //    Throwing is not enough: measured on Next 16.4, `next start` logs an error thrown
  //    from register() ("Failed to prepare server") and keeps running, answering every
  //    request with a 500. So print lib/env's message, which names the variable, and end
  //    the process.
  try {
    await import("@/lib/env");
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n\nThe server was not started.`);
    process.exit(1);
  }

  // 2. Build the dummy password hash now. Sign-in compares against it when the email is
  //    unknown, so that "no such account" costs as much as "wrong password". Built lazily,
  //    the first unknown-email sign-in after a start would also pay for making it, and be
  //    the one measurably slower answer.
  const { getDummyHash } = await import("@/lib/auth/password");
  await getDummyHash();

  // 3. Purge expired sessions (and abandoned guest carts with them) and old security data
  //    on a schedule, unless HOUSEKEEPING_INTERVAL_SECONDS=0 leaves it to a cron job.
  const { startHousekeeping } = await import("@/lib/session/housekeeping");
  startHousekeeping();
}
