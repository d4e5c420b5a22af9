import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { createDatabase, dropDatabase, scratchName } from "@/scripts/lib/postgres.mjs";

// Runs before each test file, before it imports anything from lib/: points DATABASE_URL
// at a private copy of the migrated template, so files never see each other's rows.
const { provider, template, prefix } = inject("testDatabase");
const dir = mkdtempSync(path.join(tmpdir(), "shop-test-"));
if (provider === "postgresql") {
  // A copy of the template database, made by the server: much faster than migrating.
  const name = scratchName(prefix);
  process.env.DATABASE_URL = await createDatabase(name, { template });
  // WITH (FORCE) ends the file's own open connections.
  afterAll(() => dropDatabase(name));
} else {
  const file = path.join(dir, "test.db");
  copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
}
// Mail is written to files here; tests/integration/helpers/outbox.ts reads them.
process.env.MAIL_OUTBOX_DIR = path.join(dir, "outbox");
// The cheapest bcrypt cost keeps password tests fast; production defaults to 12.
process.env.BCRYPT_COST ??= "4";
