import path from "node:path";
import { defineConfig } from "vitest/config";

// The unit tests and the integration tests on SQLite, and the integration tests again on a
// real PostgreSQL server (tests/setup/global-database.ts). TEST_DATABASES=sqlite runs the
// SQLite project alone (the mutation run does, to halve its time); the tests that concern
// one database only say so with `it.runIf(provider === …)`.
const databases = (process.env.TEST_DATABASES ?? "sqlite,postgresql").split(",").map((name) => name.trim());
const unit = "tests/unit/**/*.test.ts";
const integration = "tests/integration/**/*.test.ts";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/stubs/server-only.ts"),
    },
  },
  test: {
    environment: "node",
    // next-auth imports "next/server" without the ".js" that Node's ESM resolver needs;
    // inlined, Vite resolves it (tests/integration/auth-session-route.test.ts runs auth.ts).
    server: { deps: { inline: ["next-auth"] } },
    globalSetup: ["tests/setup/global-database.ts"],
    setupFiles: ["tests/setup/database.ts"],
    // Every integration test file gets its own freshly migrated database (see
    // tests/setup/database.ts), so files can run in parallel without sharing rows.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // SQLite alone is a plain run, the same tests with the same names as before there was
    // a second database: the mutation run's recorded results stay valid.
    ...(databases.join() === "sqlite"
      ? { include: [unit, integration] }
      : {
          projects: [
            { extends: true as const, test: { name: "sqlite", include: [unit, integration] } },
            // The schema engine's tests drive both databases themselves, the health tests
            // take a SQLite file away, and the session audit's tests use no database at
            // all; running them twice would prove nothing more.
            {
              extends: true as const,
              test: {
                name: "postgresql",
                include: [integration],
                exclude: ["tests/integration/schema-engine.test.ts", "tests/integration/db-health.test.ts", "tests/integration/session-audit.test.ts"],
              },
            },
          ].filter((project) => databases.includes(project.test.name)),
        }),
  },
});
