import { db, provider } from "@/lib/db";

// Database faults for the tests that prove a failure is handled: a trigger makes the
// database itself refuse or skip a write, so the code under test meets a real error from
// a real database, on SQLite and on PostgreSQL alike.

type Effect =
  /** The write fails with this message, as a full disk or a lost lock would. */
  | { fail: string }
  /** The write silently does nothing, as when another request changed the row first. */
  | { skip: true }
  /** The row disappears and the write does nothing: another request deleted it first. */
  | { deleteRow: true };

export type Trigger = { table: "User" | "Session"; before: "INSERT" | "UPDATE" | "DELETE"; effect: Effect };

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function sqliteBody({ table, effect }: Trigger): string {
  if ("fail" in effect) return `SELECT RAISE(ABORT, ${quote(effect.fail)});`;
  if ("skip" in effect) return "SELECT RAISE(IGNORE);";
  return `DELETE FROM "${table}" WHERE id = OLD.id; SELECT RAISE(IGNORE);`;
}

function postgresqlBody({ table, effect }: Trigger): string {
  if ("fail" in effect) return `RAISE EXCEPTION ${quote(effect.fail)};`;
  // A BEFORE row trigger that returns NULL skips the row's operation.
  if ("skip" in effect) return "RETURN NULL;";
  return `DELETE FROM "${table}" WHERE id = OLD.id; RETURN NULL;`;
}

/** Runs `run` with the trigger in place, and removes it afterwards whatever happens. */
export async function withTrigger<T>(trigger: Trigger, run: () => Promise<T>): Promise<T> {
  const on = `BEFORE ${trigger.before} ON "${trigger.table}"`;
  if (provider === "sqlite") {
    await db.$executeRawUnsafe(`CREATE TRIGGER test_fault ${on} BEGIN ${sqliteBody(trigger)} END`);
  } else {
    await db.$executeRawUnsafe(`CREATE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${postgresqlBody(trigger)} END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER test_fault ${on} FOR EACH ROW EXECUTE FUNCTION test_fault()`);
  }
  try {
    return await run();
  } finally {
    if (provider === "sqlite") {
      await db.$executeRawUnsafe(`DROP TRIGGER test_fault`);
    } else {
      await db.$executeRawUnsafe(`DROP TRIGGER test_fault ON "${trigger.table}"`);
      await db.$executeRawUnsafe(`DROP FUNCTION test_fault()`);
    }
  }
}
