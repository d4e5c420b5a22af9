export {};
// Validates the environment exactly as the server will (it imports lib/env.ts), so a
// launcher can stop before Next.js starts. Run by scripts/next.mjs through tsx:
//   tsx --conditions=react-server scripts/check-env.ts
// Exit 0 when the environment is valid; otherwise exit 1 with lib/env's message, which
// names every variable that is wrong. The server repeats the check at start-up
// (instrumentation.ts), so `next start` run by hand is covered too.
try {
  await import("../lib/env");
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
