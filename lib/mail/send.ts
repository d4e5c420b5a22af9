import "server-only";
import { requestLog } from "@/lib/log";
import { deliver, type Mail } from "./transport";

export type { Mail };

/** For a message the user is waiting for (a link): a failure reaches the caller. */
export async function send(mail: Mail): Promise<void> {
  await deliver(mail);
}

/**
 * For a message that tells the user what already happened ("your password was changed"):
 * the change stands whether or not the message leaves, so a failure is logged, not thrown.
 */
export async function notify(mail: Mail): Promise<void> {
  try {
    await deliver(mail);
  } catch (error) {
    (await requestLog()).error({ event: "mail_failed", subject: mail.subject, err: error }, "a notification could not be sent");
  }
}
