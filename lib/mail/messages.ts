import "server-only";
import { env } from "@/lib/env";
import type { Mail } from "./transport";

// The words of every message the shop mails, in one place. Links are built from AUTH_URL
// (or http://localhost:PORT for the local demo), never from the request's Host header:
// a forged Host would otherwise put an attacker's address in a victim's reset link
// ("password reset poisoning").

export function appUrl(pathAndQuery: string): string {
  const origin = env.AUTH_URL ? new URL(env.AUTH_URL).origin : `http://localhost:${env.PORT}`;
  return `${origin}${pathAndQuery}`;
}

const SHOP = "Larkspur Goods";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A message of a greeting, paragraphs and at most one link, as text and as HTML. */
function compose(to: string, subject: string, recipientName: string | null, paragraphs: string[], link?: { label: string; url: string }): Mail {
  // The name is whatever the account holder typed: line breaks in it could forge
  // paragraphs and a link of their own in the shop's plain-text mail. The greeting keeps
  // it on its one line. Mail to an address nobody has confirmed yet carries no name at all.
  const name = recipientName === null ? "" : ` ${recipientName.replace(/\s+/g, " ")}`;
  const text = [`Hello${name},`, ...paragraphs, ...(link ? [`${link.label}:\n${link.url}`] : []), `-- ${SHOP}`].join("\n\n");
  const html = [
    `<p>Hello${escapeHtml(name)},</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(link ? [`<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`] : []),
    `<p>${SHOP}</p>`,
  ].join("\n");
  return { to, subject: `${SHOP}: ${subject}`, text, html };
}

type Recipient = { name: string; email: string };

export function passwordResetMail(user: Recipient, token: string, ttlSeconds: number): Mail {
  return compose(
    user.email,
    "reset your password",
    user.name,
    [
      `Someone (we hope you) asked to reset the password of your account. The link below works once, for ${Math.round(ttlSeconds / 60)} minutes.`,
      "Setting a new password signs your account out on every device.",
      "If you did not ask for this, ignore this message: your password stays as it is.",
    ],
    { label: "Set a new password", url: appUrl(`/reset-password?token=${token}`) },
  );
}

export function passwordChangedMail(user: Recipient, how: "changed" | "reset"): Mail {
  return compose(user.email, "your password was changed", user.name, [
    how === "reset"
      ? "The password of your account was just reset with a link sent to this address, and every device was signed out."
      : "The password of your account was just changed, and every other device was signed out.",
    `If this was not you, reset your password at once: ${appUrl("/forgot-password")}`,
  ]);
}

export function twoFactorChangedMail(user: Recipient, turnedOn: boolean): Mail {
  return compose(user.email, turnedOn ? "two-factor authentication is on" : "two-factor authentication is off", user.name, [
    turnedOn
      ? "Two-factor authentication was just turned on for your account, and every other device was signed out. Signing in now takes a code from your authenticator app or one of your recovery codes."
      : "Two-factor authentication was just turned off for your account. Signing in now takes your password alone.",
    `If this was not you, reset your password at once: ${appUrl("/forgot-password")}, and review your sessions: ${appUrl("/account/sessions")}`,
  ]);
}

// Sent to whatever address a signed-in user typed, so to a stranger as easily as to the
// user: nothing in it is theirs to choose (no name, which could carry a phishing line),
// and it says what to do if it was not asked for.
export function emailChangeConfirmMail(newEmail: string, token: string, ttlSeconds: number): Mail {
  return compose(
    newEmail,
    "confirm your new email address",
    null,
    [
      `Confirm that ${newEmail} is the new email address of your account. Until you do, nothing changes. The link works once, for ${Math.round(ttlSeconds / 60)} minutes.`,
      "If you do not have an account with us, or did not ask for this, ignore this message.",
    ],
    { label: "Confirm the new address", url: appUrl(`/confirm-email?token=${token}`) },
  );
}

export function emailChangeRequestedMail(user: Recipient, newEmail: string): Mail {
  return compose(user.email, "a change of your email address was requested", user.name, [
    `Someone signed in to your account asked to change its email address to ${newEmail}. It changes only when the link sent to that address is opened.`,
    `If this was not you, change your password at once (${appUrl("/account/security")}) and sign out the sessions you do not recognise (${appUrl("/account/sessions")}).`,
  ]);
}

export function emailChangedMail(user: Recipient, newEmail: string): Mail {
  return compose(user.email, "your email address was changed", user.name, [
    `The email address of your account was changed to ${newEmail}. You now sign in with that address, and mail goes there.`,
    "If this was not you, reply to this message: the shop's staff can disable the account.",
  ]);
}

export type SignInSighting = { at: Date; ipAddress: string | null; browser: string; os: string };

// Tells the owner of an account about a sign-in from a browser it has not used before, so
// a thief's sign-in with a stolen password does not go unnoticed.
export function newDeviceMail(user: Recipient, { at, ipAddress, browser, os }: SignInSighting): Mail {
  return compose(user.email, "New sign-in to your account", user.name, [
    `Your account was just signed in to from a browser it had not used before: ${browser} on ${os}, from ${ipAddress ?? "an unknown address"}, at ${at.toISOString().replace("T", " ").slice(0, 16)} UTC.`,
    `If this was you, there is nothing to do. If not, change your password at once (${appUrl("/account/security")}) and sign that session out (${appUrl("/account/sessions")}).`,
    `Your account's recent security activity: ${appUrl("/account/activity")}`,
  ]);
}
