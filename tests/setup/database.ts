import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";

// Runs before each test file, before it imports anything from lib/: points DATABASE_URL
// at a private copy of the migrated template, so files never see each other's rows.
const dir = mkdtempSync(path.join(tmpdir(), "shop-test-"));
const file = path.join(dir, "test.db");
copyFileSync(inject("templateDatabase"), file);
process.env.DATABASE_URL = `file:${file}`;
// Mail is written to files here; tests/integration/helpers/outbox.ts reads them.
process.env.MAIL_OUTBOX_DIR = path.join(dir, "outbox");
// The cheapest bcrypt cost keeps password tests fast; production defaults to 12.
process.env.BCRYPT_COST ??= "4";
