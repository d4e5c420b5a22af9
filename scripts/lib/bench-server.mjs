// What the benchmark scripts share: starting the production build on a port and database
// of its own (scripts/e2e-server.mjs), signing in over HTTP the way a browser's form does,
// and a storm of wrong-password sign-ins.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** The id of a server action of the current build, by its exported name. */
export function actionId(name) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8"));
  } catch {
    throw new Error("No build found: run `npm run build` first.");
  }
  const id = Object.entries(manifest.node).find(([, action]) => action.exportedName === name)?.[0];
  if (!id) throw new Error(`The build has no server action named ${name}.`);
  return id;
}

/**
 * Starts the production server and resolves once it answers /api/health. `onLine` gets each
 * line it prints on stdout (its JSON log). Its own process group, so stopServer ends all of it.
 */
export async function startServer({ port, dataDir, env = {}, onLine }) {
  const server = spawn(process.execPath, ["scripts/e2e-server.mjs"], {
    env: { ...process.env, E2E_PORT: String(port), E2E_DATA_DIR: dataDir, HOUSEKEEPING_INTERVAL_SECONDS: "0", ...env },
    stdio: ["ignore", onLine ? "pipe" : "ignore", "inherit"],
    detached: true,
  });
  if (onLine) {
    let rest = "";
    server.stdout.on("data", (chunk) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) onLine(line);
    });
  }
  const exited = new Promise((resolve) => server.once("exit", resolve));
  for (let attempt = 0; attempt < 480; attempt += 1) {
    const done = await Promise.race([exited.then(() => true), sleep(250).then(() => false)]);
    if (done) throw new Error(`The server on port ${port} exited while starting.`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return server;
    } catch {
      // not listening yet
    }
  }
  throw new Error(`The server on port ${port} did not start.`);
}

/**
 * `npm run cluster -- --no-build` (three instances behind nginx, https://localhost:8443) on
 * the PostgreSQL database `databaseUrl`; resolves once it prints its `Shop:` line.
 */
export async function startCluster({ databaseUrl, env = {}, onLine = () => {} }) {
  const cluster = spawn(process.execPath, ["scripts/cluster.mjs", "--no-build"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, HOUSEKEEPING_INTERVAL_SECONDS: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const ready = new Promise((resolve, reject) => {
    let rest = "";
    cluster.stdout.on("data", (chunk) => {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("Shop: ")) resolve(line.slice("Shop: ".length).trim());
        onLine(line);
      }
    });
    cluster.once("exit", (code) => reject(new Error(`npm run cluster exited while starting (${code}).`)));
  });
  return { server: cluster, url: await ready };
}

export async function stopServer(server) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  process.kill(-server.pid, "SIGTERM");
  await exited;
}

/**
 * A sign-in action posted as React 19 posts a useActionState form: the fields as
 * `_1_<name>`, and part "0" listing the arguments (the previous state, then the form).
 */
export function signInRequest(base, { email, password }) {
  const form = new FormData();
  form.set("_1_email", email);
  form.set("_1_password", password);
  form.set("_1_next", "/");
  form.set("0", '[null,"$K1"]');
  return fetch(`${base}/login`, { method: "POST", headers: { "Next-Action": actionId("signInAction"), Origin: base }, body: form, redirect: "manual" });
}

/** Signs in and returns the session cookie ("name=value") the server set. */
export async function signIn(base, credentials) {
  const response = await signInRequest(base, credentials);
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie().find((line) => /^(?:__Host-)?shop_session=[^;]+/.test(line));
  if (!cookie) throw new Error(`Signing in as ${credentials.email} set no session cookie (status ${response.status}).`);
  return cookie.split(";")[0];
}

/** `clients` clients posting wrong passwords for unknown emails until `until` settles; resolves to attempts per second. */
export async function signInStorm(base, clients, until) {
  let stopped = false;
  let attempts = 0;
  until.then(() => (stopped = true));
  const client = async (n) => {
    while (!stopped) {
      const response = await signInRequest(base, { email: `storm-${n}-${attempts}@example.test`, password: "not the password at all" });
      await response.arrayBuffer();
      attempts += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
  return attempts / ((performance.now() - started) / 1000);
}
