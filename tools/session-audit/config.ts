// The audit's configuration: how to sign in to the site, which cookie is the session, and
// how to tell a signed-in answer from an anonymous one. Validated with zod, so a typo in
// the file is a clear message and exit code 2, never a half-run audit.
import { readFile } from "node:fs/promises";
import { z } from "zod";

/** A value written in the file, or read from an environment variable (for real passwords). */
const secretValue = z.union([z.string(), z.object({ env: z.string().min(1) }).strict()]);

/** One browser action of a pre-login step: open a page, press a button or link, fill fields. */
const step = z.union([
  z.object({ goto: z.string().min(1) }).strict(),
  z.object({ click: z.string().min(1) }).strict(),
  z.object({ fill: z.record(z.string(), secretValue) }).strict(),
]);

const seconds = z.number().positive().max(400 * 24 * 3600);

export const configSchema = z
  .object({
    $comment: z.string().optional(),
    login: z
      .object({
        url: z.string().min(1),
        // Keys are a field's label ("Email") or its name attribute ("email").
        fields: z.record(z.string(), secretValue).refine((fields) => Object.keys(fields).length > 0, "needs at least one field"),
        // The accessible name of the submit button.
        submit: z.string().min(1),
      })
      .strict(),
    // The session cookie's name without a prefix: "shop_session" also finds
    // "__Host-shop_session" and "__Secure-shop_session".
    cookie: z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, "must be a cookie name"),
    // A page that only a signed-in user gets: a 200 (redirects are not followed) whose body
    // contains `text`, when given. Anything else counts as signed out.
    signedIn: z.object({ url: z.string().min(1), text: z.string().min(1).optional() }).strict(),
    // Steps that make a site start a session before sign-in (a shop's first Add to cart).
    preLogin: z.array(step).default([]),
    signOut: z.object({ page: z.string().min(1).default("/"), button: z.string().min(1) }).strict(),
    // The state-changing POST sent with another site's Origin. Default: the sign-out form,
    // whose effect the audit can observe (the session ends, or it does not).
    crossSitePost: z.object({ url: z.string().min(1), fields: z.record(z.string(), z.string()).default({}) }).strict().optional(),
    // Without it the session cookie must be non-persistent (no Max-Age, no Expires), as
    // OWASP prefers. A site that keeps it on disk on purpose (until its absolute timeout,
    // say) states the longest lifetime it accepts, and longer ones still fail.
    cookieMaxLifetimeSeconds: seconds.optional(),
    // Pages checked for Cache-Control, besides signedIn.url.
    authenticatedPages: z.array(z.string().min(1)).default([]),
    // Fresh tokens minted (one sign-in each) for the uniqueness and entropy estimate.
    tokenSamples: z.number().int().min(2).max(200).default(20),
    // false: the browser runs without JavaScript, as a form post would be sent by hand.
    javascript: z.boolean().default(true),
    // The waits are the auditor's: the site's timeouts are not visible from outside.
    timeouts: z
      .object({
        idleWaitSeconds: seconds.optional(),
        absoluteWaitSeconds: seconds.optional(),
        // How often the absolute-timeout session is used meanwhile; must be shorter than the idle timeout.
        activityEverySeconds: seconds.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type AuditConfig = z.infer<typeof configSchema>;
export type Step = z.infer<typeof step>;
export type SecretValue = z.infer<typeof secretValue>;

/** A problem with the command line or the config file: exit code 2. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export const DEFAULT_CONFIG_FILE = new URL("./shop.config.json", import.meta.url);

export async function loadConfig(file: string | URL = DEFAULT_CONFIG_FILE): Promise<AuditConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${String(file)}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`the config file ${String(file)} is not JSON: ${(error as Error).message}`);
  }
  return parseConfig(json, String(file));
}

export function parseConfig(json: unknown, source = "config"): AuditConfig {
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${source} is not a valid audit config:\n${z.prettifyError(parsed.error)}`);
  for (const value of [...Object.values(parsed.data.login.fields), ...parsed.data.preLogin.flatMap((s) => ("fill" in s ? Object.values(s.fill) : []))]) {
    resolveSecret(value); // an unset variable is a config error now, not a failed sign-in later
  }
  return parsed.data;
}

export function resolveSecret(value: SecretValue): string {
  if (typeof value === "string") return value;
  const found = process.env[value.env];
  if (found === undefined) throw new ConfigError(`the environment variable ${value.env} named in the config is not set`);
  return found;
}

/** The site's address as given on the command line: http or https, nothing else. */
export function parseTarget(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ConfigError(`not a URL: ${input}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`not an http or https URL: ${input}`);
  return url;
}
