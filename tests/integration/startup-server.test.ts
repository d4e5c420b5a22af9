import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// Real server processes: `next start` on the production build (`npm test` builds before it
// runs Vitest; alone, run `npm run build` first), and the launcher behind `npm run serve`
// and `npm run dev`. A bad environment must stop each of them with a message that names the
// variable, before it answers a single request.
const NEXT = "node_modules/next/dist/bin/next";
const built = existsSync(".next/BUILD_ID");

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * A clean environment for the server: every variable lib/env.ts reads is given, so neither
 * Vitest's NODE_ENV=test nor a developer's .env changes what is tested.
 */
function serverEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "production", // what `next start` runs with; Vitest's own is "test"
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: process.env.DATABASE_URL, // this file's own migrated copy (tests/setup)
    AUTH_SECRET: "startup-test-secret-of-at-least-32-characters",
    AUTH_URL: "",
    HOST: "127.0.0.1",
    TRUSTED_PROXY_COUNT: "0",
    SESSION_IDLE_TIMEOUT_SECONDS: "1800",
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: "43200",
    BCRYPT_COST: "4",
    SMTP_URL: "",
    MAIL_OUTBOX_DIR: path.join(path.dirname(process.env.MAIL_OUTBOX_DIR ?? "."), "startup-outbox"),
    ...overrides,
  };
}

type Outcome = { exited: true; code: number | null; output: string } | { exited: false; status: number; output: string };

/** Runs a command until it exits, or until GET /api/health on `port` answers. */
function run(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<Outcome> {
  const child = spawn(process.execPath, args, { env });
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));

  return new Promise((resolve) => {
    const poll = setInterval(() => {
      fetch(`http://127.0.0.1:${port}/api/health`).then(
        (response) => {
          clearInterval(poll);
          resolve({ exited: false, status: response.status, output });
        },
        () => {}, // Not listening yet.
      );
    }, 250);
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ exited: true, code, output });
    });
  });
}

describe.skipIf(!built)("next start on the production build", () => {
  it("answers when the environment is valid (the control for the cases below)", async () => {
    const port = await freePort();
    const outcome = await run([NEXT, "start", "--hostname", "127.0.0.1", "--port", String(port)], serverEnv({}), port);
    expect(outcome).toMatchObject({ exited: false, status: 200 });
  });

  it("exits before answering when the idle timeout exceeds the absolute one", async () => {
    const port = await freePort();
    const env = serverEnv({ SESSION_IDLE_TIMEOUT_SECONDS: "99999" });
    const outcome = await run([NEXT, "start", "--hostname", "127.0.0.1", "--port", String(port)], env, port);
    expect(outcome).toMatchObject({ exited: true });
    expect(outcome.exited && outcome.code).not.toBe(0);
    expect(outcome.output).toContain("SESSION_IDLE_TIMEOUT_SECONDS");
  });

  it("exits in production without AUTH_SECRET", async () => {
    const port = await freePort();
    const outcome = await run([NEXT, "start", "--hostname", "127.0.0.1", "--port", String(port)], serverEnv({ AUTH_SECRET: "" }), port);
    expect(outcome).toMatchObject({ exited: true });
    expect(outcome.output).toContain("AUTH_SECRET");
  });

  it("exits in production with nowhere to send mail, naming SMTP_URL", async () => {
    const port = await freePort();
    const outcome = await run([NEXT, "start", "--hostname", "127.0.0.1", "--port", String(port)], serverEnv({ MAIL_OUTBOX_DIR: "" }), port);
    expect(outcome).toMatchObject({ exited: true });
    expect(outcome.output).toContain("SMTP_URL");
  });

  it("exits when plain HTTP would be served beyond loopback, naming AUTH_URL", async () => {
    const port = await freePort();
    // HOST is what the check reads; the real bind stays on loopback so that this test never
    // exposes a server to the network, even for the moment before it exits.
    const outcome = await run([NEXT, "start", "--hostname", "127.0.0.1", "--port", String(port)], serverEnv({ HOST: "0.0.0.0" }), port);
    expect(outcome).toMatchObject({ exited: true });
    expect(outcome.output).toContain("AUTH_URL");
  });

  it("`npm run serve` stops before Next.js starts, naming the variable", async () => {
    await expectStopsBeforeNextStarts("start");
  });
});

describe("npm run dev", () => {
  it("stops before Next.js starts, naming the variable", async () => {
    await expectStopsBeforeNextStarts("dev");
  });
});

/** Runs `scripts/next.mjs <command>` with a bad value: it must exit, naming it, before Next.js is ready. */
async function expectStopsBeforeNextStarts(command: "start" | "dev"): Promise<void> {
  const port = await freePort();
  const env = serverEnv({ SESSION_IDLE_TIMEOUT_SECONDS: "99999", PORT: String(port) });
  const outcome = await run(["scripts/next.mjs", command], env, port);
  expect(outcome).toMatchObject({ exited: true });
  expect(outcome.exited && outcome.code).not.toBe(0);
  expect(outcome.output).toContain("SESSION_IDLE_TIMEOUT_SECONDS");
  expect(outcome.output).not.toContain("Ready");
}
