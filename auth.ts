import NextAuth from "next-auth";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { sessionAdapter } from "@/lib/session/auth-adapter";
import { isHttpsRequest } from "@/lib/http/https";
import { sessionCookie } from "@/lib/session/cookie";
import { sessionPolicy } from "@/lib/session/store";
import { generateSessionToken } from "@/lib/session/token";

// Auth.js runs on the database strategy: it has no session of its own, it asks the
// adapter, which is lib/session. Password sign-in is the app's own server action
// (app/actions/auth.ts) because the Credentials provider refuses database sessions;
// providers Auth.js supports with database sessions (email links, passkeys, OAuth) can be
// added to `providers` and will land in the same table under the same cookie.
//
// The config is a function of the request so the cookie name follows the protocol, the
// same way lib/session decides it: __Host- and Secure over HTTPS, plain for local HTTP.
export const { auth, handlers } = NextAuth(async (request) => {
  const secure = isHttpsRequest(request?.headers ?? (await headers()));
  const cookie = sessionCookie(secure);
  return {
    adapter: sessionAdapter,
    providers: [],
    secret: env.AUTH_SECRET,
    trustHost: true,
    useSecureCookies: secure,
    // The shop's own pages, never Auth.js's built-in ones (route.ts serves none of them):
    // wherever Auth.js would send a visitor to sign in or to read an error, it is /login.
    pages: { signIn: "/login", error: "/login" },
    cookies: { sessionToken: { name: cookie.name, options: cookie.options } },
    session: {
      strategy: "database",
      maxAge: sessionPolicy.absoluteTimeoutMs / 1000,
      generateSessionToken,
    },
    callbacks: {
      // What /api/auth/session and auth() expose, listed field by field. On the database
      // strategy the `session` Auth.js passes in is the adapter's row, sessionToken
      // included: spreading it would hand the HttpOnly cookie's value to any script on
      // the page that can fetch /api/auth/session.
      session({ session, user }) {
        return { expires: session.expires, user: { id: user.id, name: user.name, email: user.email } };
      },
    },
  };
});
