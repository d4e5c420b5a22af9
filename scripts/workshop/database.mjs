// The workshop's own SQLite database, apart from the demo's (data/shop.db), so a lab never
// touches what `npm start` shows, and a reset never touches the demo. Reset means: every row
// deleted, the committed migrations applied, the seed run again (two demo accounts, the
// catalog). Rows are deleted rather than the file replaced, so a shop that is running keeps
// its open connection and sees the fresh data on its next request; every session is gone,
// so everyone is signed out.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { ensureEnvFile, prepareDatabase } from "../setup.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Everything the workshop keeps: its database, the shop's log, the participant's progress. */
export const WORKSHOP_DIR = path.join(root, "data/workshop");
export const WORKSHOP_DATABASE = path.join(WORKSHOP_DIR, "shop.db");
export const WORKSHOP_DATABASE_URL = `file:${WORKSHOP_DATABASE}`;
export const WORKSHOP_LOG = path.join(WORKSHOP_DIR, "shop.log");

/** Deletes every row but the migration history, in one transaction. */
function deleteAllRows(file) {
  const db = new Database(file);
  try {
    db.pragma("busy_timeout = 5000");
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'")
      .pluck()
      .all();
    // Off for the duration, so the order of deletion does not matter; the transaction
    // makes the emptying all or nothing.
    db.pragma("foreign_keys = OFF");
    db.transaction(() => {
      for (const table of tables) db.prepare(`DELETE FROM "${table.replaceAll('"', '""')}"`).run();
    })();
    db.pragma("foreign_keys = ON");
  } finally {
    db.close();
  }
}

/** The workshop database, as the seed makes it. Loads .env (the bcrypt cost, the secret) first. */
export function resetWorkshopDatabase() {
  ensureEnvFile();
  process.loadEnvFile(path.join(root, ".env"));
  process.env.DATABASE_URL = WORKSHOP_DATABASE_URL;
  process.env.NODE_ENV = "development";
  if (existsSync(WORKSHOP_DATABASE)) deleteAllRows(WORKSHOP_DATABASE);
  prepareDatabase();
}
