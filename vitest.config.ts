import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/stubs/server-only.ts"),
    },
  },
  test: {
    environment: "node",
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/setup/global-database.ts"],
    setupFiles: ["tests/setup/database.ts"],
    // Every integration test file gets its own freshly migrated SQLite file (see
    // tests/integration/helpers/db.ts), so files can run in parallel without sharing rows.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
