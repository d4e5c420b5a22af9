/** One message from the outbox: its headers as written, and its plain-text body. */
export type OutboxMessage = { file: string; date: string; to: string; subject: string; text: string };

/** The messages in `dir`, oldest first, newest last; only the last `limit` when given. */
export function readOutbox(dir: string, limit?: number): Promise<OutboxMessage[]>;

/** Date, To, Subject and the plain-text body of one .eml file's contents. */
export function parseMessage(raw: string): Omit<OutboxMessage, "file">;
