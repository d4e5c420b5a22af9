// The one reading of a SQLite DATABASE_URL, shared by the app (lib/db.ts), the offline
// schema engine and setup (scripts/*.mjs, which Node runs without a TypeScript step, hence
// plain JavaScript with its types in sqlite-file.d.mts) and the tests.
import path from "node:path";

/**
 * The file a `file:` URL names, absolute. A relative path ("file:./data/shop.db") is
 * resolved against the current directory, which is the project root for the app and the
 * Prisma CLI alike, so both open the same file; query parameters ("?mode=ro") are dropped.
 * Null for any other URL (a database server's, which names no file).
 */
export function sqliteFilePath(url) {
  if (typeof url !== "string" || !url.startsWith("file:")) return null;
  return path.resolve(url.slice("file:".length).split("?")[0]);
}
