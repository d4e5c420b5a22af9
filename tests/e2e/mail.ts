import { fileURLToPath } from "node:url";
import { readOutbox, type OutboxMessage } from "../../lib/mail/outbox.mjs";
import { expect, recordSecret } from "./fixtures";

// The e2e server's mail: with no SMTP_URL, every message is one .eml file in the outbox
// of its data folder (scripts/e2e-server.mjs). The specs read reset and confirmation
// links from there, as a person reads them from their inbox.

/** The outbox the e2e server (scripts/e2e-server.mjs) writes into, emptied at every start. */
export const OUTBOX_DIR = process.env.E2E_OUTBOX_DIR ?? fileURLToPath(new URL("../../.tmp/e2e/outbox", import.meta.url));

/** Every message sent to `address` so far, oldest first. */
export async function mailTo(address: string): Promise<OutboxMessage[]> {
  return (await readOutbox(OUTBOX_DIR)).filter((message) => message.to === address);
}

/**
 * Waits until `address` has received more than `alreadyReceived` messages (mail is sent
 * after the page answered, for a reset link), optionally one whose subject matches, and
 * returns the newest such message.
 */
export async function waitForMail(address: string, options: { alreadyReceived?: number; subject?: RegExp } = {}): Promise<OutboxMessage> {
  const { alreadyReceived = 0, subject = /./ } = options;
  let found: OutboxMessage | undefined;
  await expect
    .poll(
      async () => {
        const received = await mailTo(address);
        found = received.slice(alreadyReceived).filter((message) => subject.test(message.subject)).at(-1);
        return found !== undefined;
      },
      { message: `a mail to ${address} matching ${subject}`, timeout: 10_000 },
    )
    .toBe(true);
  return found!;
}

/** The link to `path` in a message: alone on its line, as the shop writes it. */
export function linkIn(message: OutboxMessage, path: string): string {
  const line = message.text.split("\n").find((candidate) => candidate.includes(`${path}?token=`));
  if (!line) throw new Error(`no ${path} link in "${message.subject}"`);
  const link = new URL(line);
  // The link's token is a secret like a session token: no server log may hold it.
  recordSecret(link.searchParams.get("token") ?? "");
  return link.toString();
}

/** The same link relative to the site, for page.goto() against the e2e server's base URL. */
export function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}
