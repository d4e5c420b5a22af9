import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import { requestLog } from "@/lib/log";

// How the shop's mail leaves the server. nodemailer builds every message (headers,
// encoding, Message-ID) and speaks SMTP when SMTP_URL is set; it is the mail library of
// the Node.js ecosystem, and the one Auth.js's email provider uses. Without SMTP_URL,
// each message is written as one RFC 5322 file (.eml, which any mail client opens) into
// MAIL_OUTBOX_DIR, so the demo and the tests work with no mail server: `npm run mail`
// prints the newest ones.

export type Mail = {
  to: string;
  subject: string;
  /** Plain text; links on a line of their own. */
  text: string;
  /** The same message as HTML, for clients that show it. */
  html: string;
};

// Each body is handed over as a ready MIME part, declared 7bit (or 8bit for non-ASCII
// text): nodemailer would otherwise choose quoted-printable for any line over 76
// characters, and a reset link is longer than that, so "token=" would reach the file as
// "token=3D" split over two lines. RFC 5322 allows lines of up to 998 characters.
function part(contentType: string, body: string): string {
  // Stryker disable next-line Regex: equivalent, any non-ASCII body gets "8bit" either way.
  const encoding = /^[\x00-\x7f]*$/.test(body) ? "7bit" : "8bit";
  return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}`;
}

// `raw` is documented for every body (nodemailer.com/message/custom-source) but missing
// from the AttachmentLike type of @types/nodemailer.
type Body = NonNullable<nodemailer.SendMailOptions["text"]>;

function message(mail: Mail): nodemailer.SendMailOptions {
  return {
    from: env.MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: { raw: part("text/plain", mail.text) } as Body,
    html: { raw: part("text/html", mail.html) } as Body,
  };
}

let smtp: nodemailer.Transporter | undefined;
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });

/** Sends one message; resolves with where it went (the .eml file, or the SMTP message id). */
export async function deliver(mail: Mail): Promise<string> {
  if (env.SMTP_URL) {
    smtp ??= nodemailer.createTransport(env.SMTP_URL);
    const info = await smtp.sendMail(message(mail));
    (await requestLog()).info({ event: "mail_sent", subject: mail.subject, messageId: info.messageId }, "mail sent over SMTP");
    return info.messageId;
  }
  const info = await composer.sendMail(message(mail));
  const file = await writeToOutbox(info.message as Buffer);
  (await requestLog()).info({ event: "mail_written", subject: mail.subject, file }, "mail written to the outbox");
  return file;
}

async function writeToOutbox(raw: Buffer): Promise<string> {
  // A folder named at run time, not a file of the build: without the ignore comment,
  // Turbopack would trace (and ship) the whole project as this call's possible target.
  const dir = path.resolve(/* turbopackIgnore: true */ env.MAIL_OUTBOX_DIR ?? "data/outbox");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // A sortable name: the newest message sorts last, and two in one millisecond do not collide.
  const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
  const file = path.join(dir, name);
  // The files hold live links to accounts: readable by the server's user only.
  await writeFile(file, raw, { mode: 0o600, flag: "wx" });
  return file;
}
