// Reads the outbox that lib/mail/transport.ts writes when no SMTP server is configured:
// one RFC 5322 file (.eml) per message, named so that the newest sorts last. Shared by
// `npm run mail` (scripts/mail.mjs, which Node runs without a TypeScript step, hence plain
// JavaScript with its types in outbox.d.mts) and the tests, which read the links the shop
// mails from here, as a person would from their inbox.
//
// This is not a general MIME parser. It reads what transport.ts writes: a
// multipart/alternative message whose text part is sent as 7bit or 8bit, so the body is
// the text itself, with every link on a line of its own.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The messages in `dir`, oldest first, newest last; the last `limit` of them when given.
 * An outbox that does not exist yet is empty.
 */
export async function readOutbox(dir, limit = Infinity) {
  let names;
  try {
    names = await readdir(dir);
  } catch (error) {
    if (error?.code === "ENOENT") return [];
    throw error;
  }
  const files = names.filter((name) => name.endsWith(".eml")).sort();
  const chosen = limit < files.length ? files.slice(files.length - limit) : files;
  return Promise.all(
    chosen.map(async (name) => {
      const file = path.join(dir, name);
      return { file, ...parseMessage(await readFile(file, "utf8")) };
    }),
  );
}

/** Date, To, Subject and the plain-text body of one message as transport.ts writes it. */
export function parseMessage(raw) {
  const source = raw.replace(/\r\n/g, "\n");
  const { headers, body } = splitHeaders(source);
  const text = textPart(headers, body);
  return {
    date: headers.get("date") ?? "",
    to: headers.get("to") ?? "",
    subject: headers.get("subject") ?? "",
    text,
  };
}

/** Header names in lower case; folded lines (a line starting with white space) unfolded. */
function splitHeaders(source) {
  const end = source.indexOf("\n\n");
  const head = end === -1 ? source : source.slice(0, end);
  const body = end === -1 ? "" : source.slice(end + 2);
  const headers = new Map();
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function textPart(headers, body) {
  const type = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith("multipart/") || !boundary) return decodeBody(headers, body);
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith("--")) break; // the closing delimiter
    const part = splitHeaders(chunk.replace(/^\n/, ""));
    if ((part.headers.get("content-type") ?? "text/plain").toLowerCase().startsWith("text/plain")) {
      return decodeBody(part.headers, part.body);
    }
  }
  return "";
}

function decodeBody(headers, body) {
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  // The newline before the next boundary belongs to the delimiter, not to the text.
  const text = body.replace(/\n$/, "");
  if (encoding === "7bit" || encoding === "8bit") return text;
  return `(This body is ${encoding}-encoded; open the file in a mail client.)`;
}
