import path from "node:path";

// Where the outage server (playwright.config.ts) expects its database: a folder that does
// not exist when the server starts. Shared by the config and tests/e2e/outage.spec.ts.
export const OUTAGE_DATA_DIR = path.resolve(".tmp/e2e-outage");
export const OUTAGE_DATABASE_FILE = path.join(OUTAGE_DATA_DIR, "db", "shop.db");
