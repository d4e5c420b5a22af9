/** The absolute file a SQLite `file:` URL names, or null for any other URL. */
export function sqliteFilePath(url: string | undefined): string | null;
