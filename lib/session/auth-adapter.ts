import "server-only";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { validateRequestSession } from "./current";
import * as store from "./store";

// Auth.js's view of the session store. Auth.js hands us the raw cookie token; every
// session method goes through lib/session, so Auth.js gets exactly the same answers
// (timeouts, revocation, hashing) as the rest of the app and never touches the table itself.
//
// The verification-token methods are left out: only an email-link provider needs them,
// and they should arrive with it and its tests (Auth.js names any missing method at start).

// The session callback in auth.ts exposes id, name and email only; the other fields of
// Auth.js's user type are not read on this path, so the lookup's user is enough (no
// second query for the user row).
function sessionUserToAdapterUser(user: store.SessionUser): AdapterUser {
  return { id: user.id, name: user.name, email: user.email, emailVerified: null };
}

function toAdapterUser(user: Pick<User, "id" | "name" | "email" | "emailVerified" | "image">): AdapterUser {
  return { id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, image: user.image };
}

// A provider that gives no name (an email link): the part of the address before the "@".
function nameFromEmail(email: string): string {
  return email.slice(0, email.indexOf("@")) || "Customer";
}

// The session ends at whichever timeout comes first.
function toAdapterSession(token: string, session: store.Session & { userId: string }): AdapterSession {
  // Stryker disable next-line EqualityOperator: equivalent, on equal dates both branches give the same date.
  const expires = session.idleExpiresAt < session.absoluteExpiresAt ? session.idleExpiresAt : session.absoluteExpiresAt;
  return { sessionToken: token, userId: session.userId, expires };
}

export const sessionAdapter: Adapter = {
  async getSessionAndUser(sessionToken) {
    // The route handler's request, answered as every page is (lib/session/current.ts):
    // proxy's lookup when it vouched for this token, the same checks otherwise.
    const { session, user } = await validateRequestSession(sessionToken);
    // A guest session has no user: to Auth.js, nobody is signed in.
    if (!session || !user) return null;
    return { session: toAdapterSession(sessionToken, { ...session, userId: user.id }), user: sessionUserToAdapterUser(user) };
  },

  // Used by sign-in methods Auth.js runs itself (email links, OAuth, passkeys). Auth.js
  // mints the token with `session.generateSessionToken` from auth.ts, which is lib/session's
  // generator, so these sessions have the same 256-bit tokens and timeouts as ours.
  async createSession({ sessionToken, userId }) {
    // Stryker disable next-line ObjectLiteral: equivalent, an empty device stores the same nulls.
    const { session } = await store.createSession({ token: sessionToken, userId, device: { ipAddress: null, userAgent: null } });
    return toAdapterSession(sessionToken, { ...session, userId });
  },

  // Renewal is lib/session's job (bounded writes, capped by the absolute timeout).
  async updateSession() {
    return null;
  },

  async deleteSession(sessionToken) {
    await store.invalidateSessionToken(sessionToken);
  },

  // Required by Auth.js on the database strategy, used only by providers it runs itself
  // (email links, OAuth, passkeys). They read and write users and accounts, never sessions.
  async createUser(user) {
    const created = await db.user.create({
      data: { email: user.email, name: user.name ?? nameFromEmail(user.email), emailVerified: user.emailVerified, image: user.image },
    });
    return toAdapterUser(created);
  },

  async getUser(id) {
    const user = await db.user.findUnique({ where: { id } });
    return user ? toAdapterUser(user) : null;
  },

  async getUserByEmail(email) {
    const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
    return user ? toAdapterUser(user) : null;
  },

  async getUserByAccount({ provider, providerAccountId }) {
    const account = await db.account.findUnique({
      where: { provider_providerAccountId: { provider, providerAccountId } },
      include: { user: true },
    });
    return account ? toAdapterUser(account.user) : null;
  },

  async updateUser({ id, name, email, emailVerified, image }) {
    const user = await db.user.update({
      where: { id },
      data: { name: name ?? undefined, email, emailVerified, image },
    });
    return toAdapterUser(user);
  },

  async linkAccount(account) {
    await db.account.create({
      data: {
        userId: account.userId,
        type: account.type,
        provider: account.provider,
        providerAccountId: account.providerAccountId,
        refresh_token: account.refresh_token,
        access_token: account.access_token,
        expires_at: account.expires_at,
        token_type: account.token_type,
        scope: account.scope,
        id_token: account.id_token,
        session_state: typeof account.session_state === "string" ? account.session_state : null,
      },
    });
  },
};
