// Throwaway PostgreSQL databases for tests, benchmarks and migration tooling: created on
// the server named by TEST_POSTGRES_URL, dropped when done. On this project's machines a
// PostgreSQL 15 server listens on 127.0.0.1:5432 with trust authentication for `postgres`,
// which is the default; .ci/run starts or installs one where it is missing.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** The server for throwaway databases, as a URL of its maintenance database. */
export function postgresServerUrl() {
  return process.env.TEST_POSTGRES_URL || DEFAULT_POSTGRES_URL;
}

/** `url` with its database name replaced. */
export function databaseUrl(name, server = postgresServerUrl()) {
  const url = new URL(server);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.href;
}

/** A database name nobody else uses: `prefix` and random hex, lower case (unquoted names fold). */
export function scratchName(prefix) {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

function quote(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs statements on the server's maintenance database, one connection, closed after. */
export async function onServer(run, server = postgresServerUrl()) {
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Whether the server answers, and why not when it does not. */
export async function postgresReachable(server = postgresServerUrl()) {
  try {
    await onServer((client) => client.query("SELECT 1"), server);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Creates a database, empty or as a copy of `template` (which nobody may be connected to). */
export async function createDatabase(name, { template } = {}, server = postgresServerUrl()) {
  await onServer((client) => client.query(`CREATE DATABASE ${quote(name)}${template ? ` TEMPLATE ${quote(template)}` : ""}`), server);
  return databaseUrl(name, server);
}

/** Drops a database, ending its connections first; a missing one is not an error. */
export async function dropDatabase(name, server = postgresServerUrl()) {
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`), server);
}

/** Drops every database whose name starts with `prefix`: what a killed run left behind. */
export async function dropDatabases(prefix, server = postgresServerUrl()) {
  await onServer(async (client) => {
    const { rows } = await client.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
  }, server);
}
