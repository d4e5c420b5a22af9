import { readFile, rm } from "node:fs/promises";
import { readOutbox, type OutboxMessage } from "@/lib/mail/outbox.mjs";

// The mail a test file's code sent, read back from the .eml files lib/mail/transport.ts
// wrote into this file's own outbox (MAIL_OUTBOX_DIR, set per test file in
// tests/setup/database.ts). Tests take links from these files, as a person takes them
// from their inbox, never from a function's return value.

function outboxDir(): string {
  const dir = process.env.MAIL_OUTBOX_DIR;
  if (!dir) throw new Error("MAIL_OUTBOX_DIR is not set: tests/setup/database.ts sets it for each test file");
  return dir;
}

/** Every message sent so far, oldest first. */
export function allMail(): Promise<OutboxMessage[]> {
  return readOutbox(outboxDir());
}

/** The messages sent to one address, oldest first. */
export async function mailTo(address: string): Promise<OutboxMessage[]> {
  return (await allMail()).filter((message) => message.to === address);
}

/** The newest message sent to one address; fails the test when there is none. */
export async function latestMailTo(address: string): Promise<OutboxMessage> {
  const messages = await mailTo(address);
  const latest = messages.at(-1);
  if (!latest) throw new Error(`no mail was sent to ${address}`);
  return latest;
}

/** The link to `path` in a message's text: alone on its line, as the shop writes it. */
export function linkIn(message: OutboxMessage, path: string): URL {
  const line = message.text.split("\n").find((candidate) => candidate.includes(`${path}?token=`));
  if (!line) throw new Error(`no ${path} link in "${message.subject}"`);
  return new URL(line);
}

/** The token of the link to `path` in a message. */
export function tokenIn(message: OutboxMessage, path: string): string {
  const token = linkIn(message, path).searchParams.get("token");
  if (!token) throw new Error(`the ${path} link in "${message.subject}" has no token`);
  return token;
}

/** The raw file, for what the parsed message hides (encoding, line breaks). */
export function rawMail(message: OutboxMessage): Promise<string> {
  return readFile(message.file, "utf8");
}

/** Empties the outbox, so a test sees only the mail it caused. */
export async function clearOutbox(): Promise<void> {
  await rm(outboxDir(), { recursive: true, force: true });
}
