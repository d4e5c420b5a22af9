#!/usr/bin/env node
// `npm run mail`: prints the newest messages the shop wrote to its outbox (the reset and
// confirmation links of the local demo, which has no mail server), newest last.
//   npm run mail          the newest 3
//   npm run mail -- 10    the newest 10
// The outbox is MAIL_OUTBOX_DIR, read from the environment or .env as the server reads it
// (scripts/next.mjs), data/outbox by default.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readOutbox } from "../lib/mail/outbox.mjs";
import { loadEnvironment } from "./next.mjs";

const DEFAULT_COUNT = 3;

/** The number of messages asked for: a whole number of at least 1, else null. */
export function messageCount(argument) {
  if (argument === undefined) return DEFAULT_COUNT;
  return /^[1-9]\d{0,5}$/.test(argument) ? Number(argument) : null;
}

/** One message as printed: a header block, then the text as it would be read in a mail client. */
export function formatMessage(message) {
  const rule = "-".repeat(72);
  return [rule, `Date:    ${message.date}`, `To:      ${message.to}`, `Subject: ${message.subject}`, "", message.text, ""].join("\n");
}

async function main() {
  const count = messageCount(process.argv[2]);
  if (count === null) {
    console.error("Usage: npm run mail [-- <how many of the newest messages>]");
    process.exit(2);
  }
  loadEnvironment();
  if (process.env.SMTP_URL) {
    console.log("SMTP_URL is set, so the shop sends its mail to that server: look in the inbox there.");
    return;
  }
  const dir = path.resolve(process.env.MAIL_OUTBOX_DIR);
  const messages = await readOutbox(dir, count);
  if (messages.length === 0) {
    console.log(`No mail yet in ${dir}. Ask for a password reset at /forgot-password, then run this again.`);
    return;
  }
  for (const message of messages) console.log(formatMessage(message));
  console.log(`${messages.length === 1 ? "1 message" : `${messages.length} messages`}, newest last, from ${dir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
