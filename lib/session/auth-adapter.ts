import "server-only";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db";
import { Prisma, type User } from "@/lib/generated/prisma/client";
import * as store from "./store";

// Auth.js's view of the session store. Auth.js hands us the raw cookie token; every
// session method goes through lib/session, so Auth.js gets exactly the same answers
// (timeouts, revocation, hashing) as the rest of the app and never touches the table itself.

function toAdapterUser(user: Pick<User, "id" | "name" | "email" | "emailVerified" | "image">): AdapterUser {
  return { id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, image: user.image };
}

function toAdapterSession(token: string, session: store.Session & { userId: string }): AdapterSession {
  const expires = session.idleExpiresAt < session.absoluteExpiresAt ? session.idleExpiresAt : session.absoluteExpiresAt;
  return { sessionToken: token, userId: session.userId, expires };
}

export const sessionAdapter: Adapter = {
  async getSessionAndUser(sessionToken) {
    const { session } = await store.validateSessionToken(sessionToken);
    // A guest session has no user: to Auth.js, nobody is signed in.
    if (!session?.userId) return null;
    const user = await db.user.findUnique({ where: { id: session.userId } });
    if (!user) return null;
    return { session: toAdapterSession(sessionToken, { ...session, userId: session.userId }), user: toAdapterUser(user) };
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

  async createUser(user) {
    const created = await db.user.create({
      data: { email: user.email, name: user.name ?? user.email.split("@")[0] ?? "Customer", emailVerified: user.emailVerified, image: user.image },
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

  async createVerificationToken(token) {
    return db.verificationToken.create({ data: token });
  },

  async useVerificationToken({ identifier, token }) {
    // Delete-and-return in one statement, so a link works once even if clicked twice at once:
    // the second delete finds no row (P2025) and gets null.
    try {
      return await db.verificationToken.delete({ where: { identifier_token: { identifier, token } } });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
      throw error;
    }
  },
};
