import "server-only";
import { z } from "zod";

// Every setting the server reads, validated once. A bad value stops the app at start-up
// with a message naming the variable, instead of surfacing later as a confusing failure.
const positiveSeconds = z.coerce.number().int().positive();

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1).default("file:./data/shop.db"),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
    AUTH_URL: z.url({ protocol: /^https?$/ }).optional(),
    SESSION_IDLE_TIMEOUT_SECONDS: positiveSeconds.default(1800),
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: positiveSeconds.default(43200),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0).max(5).default(0),
    SESSION_MAX_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
    GUEST_SESSIONS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  })
  .refine((env) => env.SESSION_IDLE_TIMEOUT_SECONDS <= env.SESSION_ABSOLUTE_TIMEOUT_SECONDS, {
    message: "SESSION_IDLE_TIMEOUT_SECONDS cannot exceed SESSION_ABSOLUTE_TIMEOUT_SECONDS",
    path: ["SESSION_IDLE_TIMEOUT_SECONDS"],
  });

export type Env = z.infer<typeof schema>;

function loadEnv(): Env {
  // An empty line in .env (`AUTH_URL=""`) means "not set", so the default applies.
  const set = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join("\n")}`);
  }
  return parsed.data;
}

export const env = loadEnv();
