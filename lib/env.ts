import "server-only";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { isHttpsUrl } from "@/lib/http/https-url";

// Every setting the server reads, validated once. A bad value stops the app at start-up
// with a message naming the variable, instead of surfacing later as a confusing failure.
// instrumentation.ts imports this module when a server process starts, so `next start`
// and `next dev` exit on a bad value before they answer any request; the npm scripts also
// check it before they launch Next.js (scripts/check-env.ts).
const positiveSeconds = z.coerce.number().int().positive();

/**
 * Whether a server bound to `host` can be reached from this machine only. Next.js binds to
 * every interface when no host is given, so "not set" counts as reachable from outside.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    // Set by `next build` while it compiles and prerenders: no server is being started,
    // so the checks that only concern a running production server do not apply yet.
    NEXT_PHASE: z.string().optional(),
    DATABASE_URL: z.string().min(1).default("file:./data/shop.db"),
    // PostgreSQL only: connections each instance keeps open. The server's max_connections
    // (100 by default) must cover every instance's pool plus the migration tools.
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    // Logs every SQL statement with its request id (lib/db.ts), for `npm run bench`.
    DATABASE_QUERY_LOG: z
      .enum(["0", "1"])
      .default("0")
      .transform((value) => value === "1"),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
    AUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
    // Two-factor secrets are encrypted, and recovery codes hashed, with keys derived from
    // this when it is set, from AUTH_SECRET otherwise (lib/security/keys.ts). With
    // it, AUTH_SECRET can rotate without making every user's second factor unusable.
    TOTP_ENCRYPTION_KEY: z.string().min(32, "TOTP_ENCRYPTION_KEY must be at least 32 characters").optional(),
    SESSION_IDLE_TIMEOUT_SECONDS: positiveSeconds.default(1800),
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: positiveSeconds.default(43200),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    // How many bcrypt hashes or comparisons may run at once (lib/auth/password.ts). The
    // rest wait in a queue, so a storm of sign-ins slows sign-ins, not browsing. Default:
    // half the CPU cores, at least one.
    BCRYPT_CONCURRENCY: z.coerce
      .number()
      .int()
      .min(1)
      .max(64)
      .default(() => Math.max(1, Math.floor(availableParallelism() / 2))),
    // The interface the server listens on. The npm scripts default it to 127.0.0.1 and pass
    // it to Next.js as --hostname; whoever runs `next start` directly must pass both.
    HOST: z.string().optional(),
    // How many reverse proxies stand in front of the app. 0: the app is reached directly
    // and no X-Forwarded-* header is trusted (anyone can send one). 1: one proxy whose
    // X-Forwarded-For / X-Forwarded-Proto entry is trusted, and which terminates TLS.
    TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(5).default(0),
    // What one user or one network can hold (lib/session/store.ts sessionLimits).
    SESSION_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
    GUEST_SESSIONS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
    // Sign-in throttling (lib/security/throttle.ts, docs/account-security.md#throttling).
    // Consecutive failures for one account that cost nothing; each further one blocks the
    // account for 2^(n - free) seconds, at most SIGNIN_MAX_WAIT_SECONDS. At most 19, so the
    // 20th failure in a row is refused at the latest.
    SIGNIN_ACCOUNT_FREE_FAILURES: z.coerce.number().int().min(1).max(19).default(5),
    // The same for one client address, across every account it tries.
    SIGNIN_IP_FREE_FAILURES: z.coerce.number().int().min(1).max(1_000_000).default(50),
    SIGNIN_MAX_WAIT_SECONDS: positiveSeconds.max(86_400).default(900),
    // Requests one client address may make per hour (a fixed window) before it is told to wait.
    REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
    PASSWORD_RESETS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
    // Step-up: how long after proving who they are (sign-in or re-authentication) a user
    // may do something sensitive without being asked for the password again.
    SUDO_WINDOW_SECONDS: positiveSeconds.max(86_400).default(600),
    // How long a password reset link works.
    PASSWORD_RESET_TTL_SECONDS: positiveSeconds.max(86_400).default(1800),
    // The hijack signal (lib/session/store.ts): a session presented by another browser
    // family or operating system than the one it was created with is revoked. "false"
    // turns it off, for clients whose user agent legitimately changes.
    SESSION_BIND_USER_AGENT: z.enum(["true", "false"]).default("true").transform((value) => value === "true"),
    // How often each server process purges expired sessions and old security data
    // (lib/session/housekeeping.ts). 0 turns the in-process timer off, for a deployment
    // that runs `npm run purge` from cron instead.
    HOUSEKEEPING_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
    // How long the security activity log keeps an event before the purge deletes it.
    SECURITY_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    // Port the server listens on; links in mail point here when AUTH_URL is not set.
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    // Mail: through this SMTP server when set (smtp:// or smtps://, credentials in the URL)...
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "SMTP_URL must be an smtp:// or smtps:// URL" }).optional(),
    // ...otherwise each message is written as one .eml file into this folder. The npm
    // scripts (the local demo) default it to data/outbox; in production one of the two
    // must be set, so mail is never lost silently.
    MAIL_OUTBOX_DIR: z.string().optional(),
    MAIL_FROM: z.string().min(3).default("Secure Sessions Shop <shop@localhost>"),
  })
  .superRefine((env, ctx) => {
    if (env.SESSION_IDLE_TIMEOUT_SECONDS > env.SESSION_ABSOLUTE_TIMEOUT_SECONDS) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_IDLE_TIMEOUT_SECONDS"],
        message: "SESSION_IDLE_TIMEOUT_SECONDS cannot exceed SESSION_ABSOLUTE_TIMEOUT_SECONDS",
      });
    }

    // Production fails closed: what is only a convenience for the local demo must be
    // stated explicitly before the server answers anyone else.
    if (env.NODE_ENV !== "production" || env.NEXT_PHASE === "phase-production-build") return;
    if (env.AUTH_SECRET === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "AUTH_SECRET is required in production (npm start writes one into .env on first run)",
      });
    }
    if (env.SMTP_URL === undefined && env.MAIL_OUTBOX_DIR === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["SMTP_URL"],
        message:
          "SMTP_URL is required in production: password reset and email confirmation links are mailed. " +
          "Set SMTP_URL=smtp://user:password@host:587, or MAIL_OUTBOX_DIR=data/outbox to write each message to a file instead.",
      });
    }
    // Links in mail (password reset, email confirmation) need the address people reach the
    // shop at, and the request's Host header cannot be trusted to say it (anyone can send
    // one). Only the local demo, on loopback with no proxy in front, may leave it to
    // http://localhost:PORT.
    if (env.AUTH_URL === undefined && (!isLoopbackHost(env.HOST) || env.TRUSTED_PROXY_COUNT > 0)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_URL"],
        message:
          `AUTH_URL is required when the production server listens on ${env.HOST ?? "every interface"}` +
          (env.TRUSTED_PROXY_COUNT > 0 ? " behind a proxy" : "") +
          ": set it to the public https:// address, which mailed links point to.",
      });
      return;
    }
    // Plain HTTP to another machine means session cookies without Secure, readable by
    // anyone on the network path. Allowed only where the network path is this machine, or
    // where a trusted proxy in front terminates TLS.
    if (!isHttpsUrl(env.AUTH_URL) && env.TRUSTED_PROXY_COUNT === 0 && !isLoopbackHost(env.HOST)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_URL"],
        message:
          `AUTH_URL must be an https:// URL when the production server listens on ${env.HOST ?? "every interface"}. ` +
          "Set AUTH_URL to the public https:// address, or TRUSTED_PROXY_COUNT=1 behind a TLS-terminating proxy, " +
          "or HOST=127.0.0.1 to keep the server on this machine.",
      });
    }
  });

export type Env = z.infer<typeof schema>;

/** Validates `source` (process.env by default); throws one error that lists every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty line in .env (`AUTH_URL=""`) means "not set", so the default applies.
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv();
