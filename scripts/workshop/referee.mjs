// The workshop's referee: what the attacker site cannot see for itself. A page on another
// origin cannot read the shop's answers (that is the same-origin policy at work), so where
// an attack's outcome shows only inside the shop, the attacker site asks this module, which
// reads the shop's own records: its database (read-only) and its JSON log. Every page says
// which of its verdicts come from here. Nothing here changes the shop.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import Database from "better-sqlite3";

/** The shop stores times as ISO text in UTC ("2026-11-23T03:58:57.158+00:00"), which sorts as time. */
function stored(ms) {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

/**
 * @param {{ databaseFile: string, logFile: string | null }} shop the workshop shop's SQLite file and log
 */
export function createReferee({ databaseFile, logFile }) {
  function all(sql, ...params) {
    if (!existsSync(databaseFile)) return [];
    const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
    try {
      db.pragma("busy_timeout = 2000");
      return db.prepare(sql).all(...params);
    } finally {
      db.close();
    }
  }

  return {
    /** Security events since `since` (ms), oldest first, with the account's email. */
    eventsSince(since, types) {
      return all(
        `SELECT e.type, e.reason, e.createdAt, u.email FROM SecurityEvent e LEFT JOIN User u ON u.id = e.userId
         WHERE e.createdAt > ? AND e.type IN (${types.map(() => "?").join(", ")}) ORDER BY e.id`,
        stored(since),
        ...types,
      );
    },

    /** Who is signed in right now, one row per live signed-in session. */
    signedInSessions() {
      return all(
        `SELECT u.email FROM Session s JOIN User u ON u.id = s.userId
         WHERE s.idleExpiresAt > ? AND s.absoluteExpiresAt > ?`,
        stored(Date.now()),
        stored(Date.now()),
      ).map((row) => row.email);
    },

    /**
     * The live sessions of `email` as a stolen copy of the database shows them: each row's
     * id (what the shop keys the session by) and the user agent it was created with.
     */
    sessionRowsOf(email) {
      return all(
        `SELECT s.id, s.userAgent FROM Session s JOIN User u ON u.id = s.userId
         WHERE u.email = ? AND s.idleExpiresAt > ? AND s.absoluteExpiresAt > ? ORDER BY s.lastSeenAt DESC LIMIT 3`,
        email,
        stored(Date.now()),
        stored(Date.now()),
      );
    },

    /** The newest order of `email`: its id, and what its page shows that only the buyer should see. */
    latestOrderOf(email) {
      return (
        all(
          `SELECT o.id, o.shipName, o.shipCity, o.totalCents, o.currency FROM "Order" o JOIN User u ON u.id = o.userId
           WHERE u.email = ? ORDER BY o.createdAt DESC LIMIT 1`,
          email,
        )[0] ?? null
      );
    },

    /**
     * The shop's log lines for refused cross-site writes to `path` since `since` (ms). The
     * log is read from its end backwards only as far as needed: a few hundred KB at most.
     */
    refusedWritesSince(since, path) {
      return logLines(logFile).filter((line) => line.event === "cross_site_write_refused" && line.path === path && Date.parse(line.time) > since);
    },
  };
}

const TAIL_BYTES = 512 * 1024;

function logLines(file) {
  if (!file || !existsSync(file)) return [];
  const size = statSync(file).size;
  const start = Math.max(0, size - TAIL_BYTES);
  const buffer = Buffer.alloc(size - start);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, start);
  } finally {
    closeSync(fd);
  }
  return buffer
    .toString("utf8")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
}
