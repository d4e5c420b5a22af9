import "server-only";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import * as store from "./store";

// Auth.js's view of the session store. Auth.js hands us the raw cookie token; every
// session method goes through lib/session, so Auth.js gets exactly the same answers
// (timeouts, revocation, hashing) as the rest of the app and never touches the table itself.
//
// Only the methods Auth.js calls with the database strategy and no providers are here.
// A provider added later (email links, OAuth, passkeys) needs the user, account and
// verification-token methods too; Auth.js names any that are missing when it starts, and
// each should arrive with the provider and tests of its own, not as untested code now.

// The session callback in auth.ts exposes id, name and email only; the other fields of
// Auth.js's user type are not read on this path, so the lookup's user is enough (no
// second query for the user row).
function toAdapterUser(user: store.SessionUser): AdapterUser {
  return { id: user.id, name: user.name, email: user.email, emailVerified: null };
}

// The session ends at whichever timeout comes first.
function toAdapterSession(token: string, session: store.Session & { userId: string }): AdapterSession {
  // Stryker disable next-line EqualityOperator: equivalent, on equal dates both branches give the same date.
  const expires = session.idleExpiresAt < session.absoluteExpiresAt ? session.idleExpiresAt : session.absoluteExpiresAt;
  return { sessionToken: token, userId: session.userId, expires };
}

export const sessionAdapter: Adapter = {
  async getSessionAndUser(sessionToken) {
    const { session, user } = await store.validateSessionToken(sessionToken);
    // A guest session has no user: to Auth.js, nobody is signed in.
    if (!session || !user) return null;
    return { session: toAdapterSession(sessionToken, { ...session, userId: user.id }), user: toAdapterUser(user) };
  },

  // Used by sign-in methods Auth.js runs itself (email links, OAuth, passkeys). Auth.js
  // mints the token with `session.generateSessionToken` from auth.ts, which is lib/session's
  // generator, so these sessions have the same 256-bit tokens and timeouts as ours.
  async createSession({ sessionToken, userId }) {
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
};
