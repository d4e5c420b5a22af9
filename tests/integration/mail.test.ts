import { execFile } from "node:child_process";
import { mkdtemp, readdir, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { parseMessage, readOutbox } from "@/lib/mail/outbox.mjs";
import { emailChangeConfirmMail, emailChangeRequestedMail, newDeviceMail, passwordResetMail } from "@/lib/mail/messages";
import { deliver } from "@/lib/mail/transport";
import { allMail, clearOutbox, linkIn, rawMail } from "./helpers/outbox";

// The mail the shop writes when no SMTP server is set: one .eml file per message in
// MAIL_OUTBOX_DIR, readable by the server's user only, whose links survive intact (no
// quoted-printable "=3D", no line break inside a token), and whose HTML part escapes what
// users typed. Then `npm run mail`, which prints them.

const TOKEN = "Ab-_0123456789abcdefghijklmnopqrstuvwxyzABC";
const run = promisify(execFile);

beforeEach(clearOutbox);

describe("the outbox transport", () => {
  it("writes one file per message, readable by its owner only, in a folder only its owner can open", async () => {
    const file = await deliver(passwordResetMail({ name: "Ada", email: "ada@example.test" }, TOKEN, 1800));
    expect(path.dirname(file)).toBe(path.resolve(process.env.MAIL_OUTBOX_DIR!));
    expect(file).toMatch(/\.eml$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readdir(path.dirname(file))).toHaveLength(1);
  });

  it("keeps the link on one line of its own, unencoded, in the text part", async () => {
    await deliver(passwordResetMail({ name: "Ada", email: "ada@example.test" }, TOKEN, 1800));
    const [message] = await allMail();
    const raw = await rawMail(message!);
    const url = `http://localhost:${env.PORT}/reset-password?token=${TOKEN}`;
    // Over 76 characters, yet not folded or quoted-printable encoded.
    expect(url.length).toBeGreaterThan(76);
    expect(raw.split("\r\n")).toContain(url);
    expect(raw).not.toContain("=3D");
    expect(raw).toMatch(/Content-Transfer-Encoding: 7bit/);
    expect(raw).not.toMatch(/quoted-printable|base64/i);
    expect(linkIn(message!, "/reset-password").href).toBe(url);
    expect(message).toMatchObject({ to: "ada@example.test", subject: "Larkspur Goods: reset your password" });
    expect(message!.date).toMatch(/^\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/);
  });

  it("escapes what users typed in the HTML part, and keeps a name on its one line in the text", async () => {
    const name = 'Eve <img src=x onerror="alert(1)">\r\n\r\nSet a new password:\nhttps://evil.example/';
    await deliver(passwordResetMail({ name, email: "eve@example.test" }, TOKEN, 1800));
    const [message] = await allMail();
    const html = (await rawMail(message!)).split("Content-Type: text/html; charset=utf-8")[1]!;
    expect(html).not.toContain("<img");
    expect(html).toContain("<p>Hello Eve &#60;img src=x onerror=&#34;alert(1)&#34;&#62; Set a new password: https://evil.example/,</p>");
    expect(html).toContain(`<a href="http://localhost:${env.PORT}/reset-password?token=${TOKEN}">`);
    // The forged "link" stays inside the greeting, on its line: no line of the text is it.
    expect(message!.text.split("\n")).not.toContain("https://evil.example/");
    expect(message!.text.split("\n")[0]).toBe('Hello Eve <img src=x onerror="alert(1)"> Set a new password: https://evil.example/,');
  });

  it("puts nothing a user typed into mail to an unconfirmed address", async () => {
    const name = "Larkspur Security: verify at https://evil.example/";
    await deliver(emailChangeConfirmMail("stranger@example.test", TOKEN, 3600));
    await deliver(emailChangeRequestedMail({ name, email: "owner@example.test" }, "stranger@example.test"));
    const mail = await allMail();
    const confirm = mail.find((message) => message.to === "stranger@example.test");
    const told = mail.find((message) => message.to === "owner@example.test");
    expect(confirm!.text.split("\n")[0]).toBe("Hello,");
    expect(await rawMail(confirm!)).not.toContain("evil.example");
    // The account's own address is greeted by name, as always.
    expect(told!.text.split("\n")[0]).toBe(`Hello ${name},`);
  });

  it("declares 8bit for text that is not ASCII, and keeps it readable", async () => {
    await deliver(passwordResetMail({ name: "Zoë", email: "zoe@example.test" }, TOKEN, 1800));
    const [message] = await allMail();
    expect(await rawMail(message!)).toMatch(/Content-Transfer-Encoding: 8bit/);
    expect(message!.text).toMatch(/^Hello Zoë,/);
  });
});

describe("the new-device notice", () => {
  it("says when, from where and with what the account was signed in to, and where to check", () => {
    const mail = newDeviceMail(
      { name: "Ada", email: "ada@example.test" },
      { at: new Date("2026-11-22T09:05:59Z"), ipAddress: "203.0.113.9", browser: "Firefox 140", os: "Linux" },
    );
    expect(mail.to).toBe("ada@example.test");
    expect(mail.subject).toBe("Larkspur Goods: New sign-in to your account");
    expect(mail.text).toContain("Firefox 140 on Linux, from 203.0.113.9, at 2026-11-22 09:05 UTC.");
    expect(mail.text).toContain(`${env.AUTH_URL ?? `http://localhost:${env.PORT}`}/account/sessions`);
    expect(mail.text).toContain("/account/activity");
    expect(newDeviceMail({ name: "Ada", email: "ada@example.test" }, { at: new Date(0), ipAddress: null, browser: "Unknown browser", os: "Unknown system" }).text).toContain(
      "from an unknown address",
    );
  });
});

describe("reading the outbox", () => {
  it("reads nothing from a folder that does not exist yet", async () => {
    expect(await readOutbox(path.join(tmpdir(), "no-such-outbox-here"))).toEqual([]);
  });

  it("gives the newest last, and only the newest ones when asked", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "outbox-"));
    const eml = (subject: string) => `To: a@example.test\r\nSubject: ${subject}\r\nDate: today\r\n\r\nbody of ${subject}\r\n`;
    await writeFile(path.join(dir, "2030-01-01T00-00-02-000Z-b.eml"), eml("second"));
    await writeFile(path.join(dir, "2030-01-01T00-00-01-000Z-a.eml"), eml("first"));
    await writeFile(path.join(dir, "2030-01-01T00-00-03-000Z-c.eml"), eml("third"));
    await writeFile(path.join(dir, "notes.txt"), "not a message");
    expect((await readOutbox(dir)).map((m) => m.subject)).toEqual(["first", "second", "third"]);
    expect((await readOutbox(dir, 2)).map((m) => m.subject)).toEqual(["second", "third"]);
    expect((await readOutbox(dir, 5)).map((m) => m.text)).toEqual(["body of first", "body of second", "body of third"]);
  });

  it("unfolds headers and says when a body is encoded rather than guess", () => {
    const raw = [
      "To: a@example.test",
      "Subject: a long",
      " folded subject",
      'Content-Type: multipart/alternative; boundary="b"',
      "",
      "--b",
      "Content-Type: text/html",
      "",
      "<p>html</p>",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      "aGVsbG8=",
      "--b--",
      "",
    ].join("\r\n");
    expect(parseMessage(raw)).toEqual({
      to: "a@example.test",
      subject: "a long folded subject",
      date: "",
      text: "(This body is base64-encoded; open the file in a mail client.)",
    });
    expect(parseMessage("Subject: no body").text).toBe("");
    expect(parseMessage('Content-Type: multipart/mixed; boundary="x"\n\n--x\nContent-Type: text/html\n\n<p></p>\n--x--\n').text).toBe("");
  });
});

describe("npm run mail", () => {
  async function mail(dir: string, ...args: string[]) {
    return run(process.execPath, ["scripts/mail.mjs", ...args], { env: { ...process.env, MAIL_OUTBOX_DIR: dir, SMTP_URL: "" } });
  }

  it("prints the newest messages, newest last, with date, To, Subject and the text", async () => {
    for (const name of ["Ana", "Ben", "Cy", "Dee"]) {
      await deliver(passwordResetMail({ name, email: `${name.toLowerCase()}@example.test` }, TOKEN, 1800));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const { stdout } = await mail(process.env.MAIL_OUTBOX_DIR!);
    expect(stdout).not.toContain("Hello Ana,");
    const order = ["To:      ben@example.test", "To:      cy@example.test", "To:      dee@example.test"].map((line) => stdout.indexOf(line));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(stdout).toContain("Subject: Larkspur Goods: reset your password");
    expect(stdout).toMatch(/Date: {4}\w{3}, /);
    expect(stdout).toContain(`http://localhost:${env.PORT}/reset-password?token=${TOKEN}\n`);
    expect(stdout).toContain("3 messages, newest last");

    const all = await mail(process.env.MAIL_OUTBOX_DIR!, "10");
    expect(all.stdout).toContain("Hello Ana,");
    expect(all.stdout).toContain("4 messages, newest last");
    expect((await mail(process.env.MAIL_OUTBOX_DIR!, "1")).stdout).toContain("1 message, newest last");
  });

  it("says so when the outbox is empty", async () => {
    const { stdout } = await mail(path.join(tmpdir(), "an-empty-outbox"));
    expect(stdout).toContain("No mail yet in");
    expect(stdout).toContain("/forgot-password");
  });

  it.each(["0", "-1", "two", "1.5"])("refuses %s as a number of messages", async (argument) => {
    await expect(mail(process.env.MAIL_OUTBOX_DIR!, argument)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Usage: npm run mail") });
  });

  it("points to the mail server when SMTP_URL is set", async () => {
    const { stdout } = await run(process.execPath, ["scripts/mail.mjs"], { env: { ...process.env, SMTP_URL: "smtp://mail.example.test" } });
    expect(stdout).toContain("SMTP_URL is set");
  });
});
