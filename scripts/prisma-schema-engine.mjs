#!/usr/bin/env node
// A stand-in for Prisma's native `schema-engine` binary, built on the WebAssembly engine that
// npm ships as @prisma/schema-engine-wasm. The Prisma CLI downloads the native binary on first
// use; on a machine that reaches only the npm registry that download fails, so prisma.config.ts
// points PRISMA_SCHEMA_ENGINE_BINARY here instead. The engine reaches the database through the
// driver adapter of its provider: @prisma/adapter-better-sqlite3 for a `file:` URL,
// @prisma/adapter-pg for a `postgresql://` one (lib/database-provider.mjs).
//
// The CLI runs this file the ways it runs the native binary:
//   ENGINE --version                                 print the engine version
//   ENGINE --datasource JSON cli <command>           one-shot database commands, exit 0 or 1
//   ENGINE --datamodels FILE... --datasource JSON    newline-delimited JSON-RPC 2.0 on stdin/stdout
// stdout carries protocol messages only; logs go to stderr as JSON lines, which the CLI parses.

import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as wasmBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { databaseProvider } from "../lib/database-provider.mjs";
import { sqliteFilePath } from "../lib/sqlite-file.mjs";
import { createDatabase, databaseUrl, dropDatabase, onServer } from "./lib/postgres.mjs";

// Prisma's own DDL for its migration history table on SQLite. The wasm engine's devDiagnostic
// (the first step of `migrate dev`) fails with P1014 when the table is missing, where the
// native engine treats a missing table as an empty history; creating it first restores that.
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`;

// Every method of SchemaEngine is callable over JSON-RPC by its name, except wasm-bindgen's
// memory management.
const NOT_RPC_METHODS = new Set(["constructor", "free", "__destroy_into_raw"]);

// On a Rust panic the wasm code hands the panic message to this global, then traps with a bare
// "unreachable" error. Keeping the message lets the CLI show what actually went wrong.
let panicMessage;
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (panicMessage = message) };

// Errors thrown inside the driver adapter reach the engine only as "External error id#N"; the
// bound adapter factory keeps the originals in this registry, so messages can name the cause.
let adapterErrors;

/** What to report for an error: its message, with panics and adapter errors spelled out, and its code. */
function errorDetails(error) {
  const message =
    panicMessage ??
    String(error?.message ?? error).replace(
      /External error id#(\d+)/g,
      (text, id) => adapterErrors?.consumeError(Number(id))?.error?.message ?? text,
    );
  // Only Prisma's own codes (P1003, ...) belong in error_code, which the CLI prints before the
  // message. Node's and SQLite's codes (ENOENT, SQLITE_NOTADB) are already part of the message.
  return { message, error_code: /^P\d{4}$/.test(error?.code) ? error.code : undefined };
}

/** Writes one JSON log line to stderr, in the shape the CLI parses from the native engine. */
function log(level, fields) {
  process.stderr.write(`${JSON.stringify({ level, target: "schema_engine::logger", fields })}\n`);
}

/** The URL of `--datasource '{"url":"..."}'`, checked to name a provider this project runs on. */
function datasourceUrl(datasource) {
  const url = JSON.parse(datasource ?? "{}").url;
  databaseProvider(url);
  return url;
}

// A SQLite URL's file (sqliteFilePath): a relative path is relative to the folder of
// prisma.config.ts. The CLI starts the engine there, and the app runs from the same project
// root, so `file:./data/shop.db` means the same file to both.

/**
 * Creates the folders above `file`, like `mkdir -p`. Node's `mkdirSync(dir, { recursive: true })`
 * spins forever on Linux when an existing parent answers ENOENT for any child, as /proc does;
 * walking up by hand turns that into an ordinary error.
 */
function makeParentFolders(file) {
  const folder = path.dirname(file);
  if (fs.existsSync(folder)) return;
  makeParentFolders(folder);
  fs.mkdirSync(folder);
}

/** The one-shot commands the CLI runs before it starts a migration session. */
async function runCliCommand(command, url) {
  if (databaseProvider(url) === "postgresql") return runPostgresqlCliCommand(command, url);
  const file = sqliteFilePath(url);
  switch (command) {
    case "can-connect-to-database": {
      if (!fs.existsSync(file)) {
        // P1003 is the code the CLI looks for to decide that it should create the database.
        const error = new Error(`Database \`${path.basename(file)}\` does not exist at \`${file}\`.`);
        throw Object.assign(error, { code: "P1003" });
      }
      // Opening alone reads nothing; a pragma proves the file really is a SQLite database.
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        db.pragma("schema_version");
      } finally {
        db.close();
      }
      return;
    }
    case "create-database":
      makeParentFolders(file);
      new Database(file).close();
      return;
    case "drop-database":
      fs.rmSync(file);
      return;
    default:
      throw new Error(`Unknown command: cli ${command}`);
  }
}

/**
 * The same commands on a PostgreSQL server, through the helpers the tests and scripts use
 * (scripts/lib/postgres.mjs). Creating and dropping a database happen over a connection to
 * the server's maintenance database, `postgres`, as the native engine does.
 */
async function runPostgresqlCliCommand(command, url) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const maintenance = databaseUrl("postgres", url);
  switch (command) {
    case "can-connect-to-database":
      try {
        await onServer(() => Promise.resolve(), url);
      } catch (error) {
        // 3D000, invalid_catalog_name: the server answers but has no such database. P1003
        // is the code the CLI looks for to decide that it should create it.
        if (error?.code === "3D000") throw Object.assign(new Error(`Database \`${name}\` does not exist.`), { code: "P1003" });
        throw error;
      }
      return;
    case "create-database":
      await createDatabase(name, {}, maintenance);
      return;
    case "drop-database":
      await dropDatabase(name, maintenance);
      return;
    default:
      throw new Error(`Unknown command: cli ${command}`);
  }
}

/**
 * The wasm engine sends a whole SQL script (a migration replayed on the shadow database, the
 * input of `db execute`) as one executeRaw call, where the native engine runs it as a batch.
 * better-sqlite3 prepares one statement per call and rejects the rest with a RangeError, so
 * such a script goes to executeScript, which runs any number of statements.
 */
class BetterSqlite3ForSchemaEngine extends PrismaBetterSqlite3 {
  async connect() {
    return runScriptsAsBatches(await super.connect());
  }

  async connectToShadowDb() {
    return runScriptsAsBatches(await super.connectToShadowDb());
  }
}

function runScriptsAsBatches(adapter) {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (!(error instanceof RangeError) || query.args.length > 0) throw error;
      await adapter.executeScript(query.sql);
      return 0; // A batch has no single row count, and the engine ignores it for scripts.
    }
  };
  return adapter;
}

/** Node 20 cannot `import` a .wasm file without a flag, so instantiate it by hand. */
async function loadWasm() {
  const wasmUrl = new URL("schema_engine_bg.wasm", import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  // The package's JS glue is the wasm module's only import, under this name.
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmUrl), { "./schema_engine_bg.js": wasmBindings });
  wasmBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}

/**
 * PostgreSQL's extended protocol, which node-postgres uses for every query with a parameter
 * list, refuses a script of several statements; such a script goes to executeScript, as on
 * SQLite.
 */
class PgForSchemaEngine extends PrismaPg {
  async connect() {
    return runPgScriptsAsBatches(await super.connect());
  }

  async connectToShadowDb() {
    return runPgScriptsAsBatches(await super.connectToShadowDb());
  }
}

// PostgreSQL's catalog has columns of the one-byte type "char" (OID 18: pg_class.relkind,
// pg_constraint.contype, ...), which the engine's schema description reads and the pg adapter
// has no column type for: `migrate diff` and `migrate dev` against a PostgreSQL database
// fail with "Column type 'char' could not be deserialized". node-postgres already hands the
// value over as a one-character string, so it is reported as text. Patched once, on the
// prototype that adapters and their transactions share, in this process only.
const PG_CHAR = 18;
const PG_TEXT = 25;
let pgCharPatched = false;

function readPgCharAsText(adapter) {
  if (pgCharPatched) return;
  let queryable = Object.getPrototypeOf(adapter);
  while (queryable && !Object.hasOwn(queryable, "performIO")) queryable = Object.getPrototypeOf(queryable);
  if (!queryable) throw new Error("@prisma/adapter-pg no longer has performIO; update scripts/prisma-schema-engine.mjs.");
  const performIO = queryable.performIO;
  queryable.performIO = async function (query) {
    const result = await performIO.call(this, query);
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    return result;
  };
  pgCharPatched = true;
}

function runPgScriptsAsBatches(adapter) {
  readPgCharAsText(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

function adapterFor(url) {
  if (databaseProvider(url) === "postgresql") return new PgForSchemaEngine({ connectionString: url, max: 2 });
  const file = sqliteFilePath(url);
  // The engine connects as soon as it is created, and better-sqlite3 creates a missing file but
  // not its folder. `migrate diff` starts an engine without creating the database first.
  makeParentFolders(file);
  return new BetterSqlite3ForSchemaEngine({ url: `file:${file}` });
}

async function startEngine(datasource, datamodelPaths) {
  const url = datasourceUrl(datasource);
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(adapterFor(url));
  adapterErrors = adapterFactory.errorRegistry;
  await loadWasm();
  const engine = await wasmBindings.SchemaEngine.new(
    // With no schema files the engine must get `undefined`: an empty list makes it panic.
    { datamodels: datamodelPaths.length ? datamodelPaths.map((p) => [p, fs.readFileSync(p, "utf8")]) : undefined },
    (line) => process.stderr.write(line.endsWith("\n") ? line : `${line}\n`),
    adapterFactory,
  );
  const sqliteFile = sqliteFilePath(url);
  return { engine, url: sqliteFile ? `file:${sqliteFile}` : url, sqlite: sqliteFile !== null };
}

/** Answers the CLI's JSON-RPC requests until stdin closes. */
function serveJsonRpc(datasource, datamodelPaths) {
  const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  // Exit once everything written to stdout has been flushed: writes to a pipe are asynchronous
  // on POSIX, and process.exit would cut them short.
  const exit = (code) => process.stdout.write("", () => process.exit(code));

  // The engine starts with the first request, so a failure to start (bad URL, unreadable file)
  // becomes that request's error. Had this process exited instead, the CLI would end with
  // status 0 and no message.
  let started;

  // Requests this script sends to the CLI, waiting for its acknowledgement, by id.
  const awaitingAck = new Map();
  let nextOwnId = 1;
  const printViaCli = (content) =>
    new Promise((resolve) => {
      const id = nextOwnId++;
      awaitingAck.set(id, resolve);
      send({ id, method: "print", params: { content } });
    });

  async function handle({ id, method, params }) {
    if (panicMessage !== undefined) return; // Exiting: the engine must not be called again.
    if (!Object.hasOwn(wasmBindings.SchemaEngine.prototype, method) || NOT_RPC_METHODS.has(method)) {
      const message = `Method not found: ${method}`;
      send({ id, error: { code: -32601, message, data: { is_panic: false, message } } });
      return;
    }
    try {
      started ??= startEngine(datasource, datamodelPaths);
      const { engine, url, sqlite } = await started;
      if (method === "devDiagnostic" && sqlite) {
        await engine.dbExecute({ datasourceType: { tag: "url", url }, script: MIGRATIONS_TABLE_DDL });
      }
      let result = await engine[method](params);
      // The native engine prints diff output itself, by asking the CLI to; `migrate diff` relies
      // on that (it is also how `--output` captures it). The wasm engine returns it instead.
      if (method === "diff" && typeof result.stdout === "string") {
        await printViaCli(result.stdout);
        result = { ...result, stdout: null };
      }
      // Methods returning nothing still need a `result` member, or the CLI rejects the response.
      send({ id, result: result ?? null });
    } catch (error) {
      const details = errorDetails(error);
      send({ id, error: { code: 4466, message: details.message, data: { is_panic: panicMessage !== undefined, ...details } } });
      // After a panic the wasm instance is unusable; 101 is the exit code the CLI expects for it.
      if (panicMessage !== undefined) exit(101);
    }
  }

  // Requests run one at a time: the wasm object refuses overlapping calls. Acknowledgements
  // bypass the queue, since the request being handled may be the one waiting for them.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const message = JSON.parse(line);
    if (message.method === undefined) {
      awaitingAck.get(message.id)?.();
      awaitingAck.delete(message.id);
    } else {
      queue = queue.then(() => handle(message));
    }
  });
  lines.on("close", () => queue.then(() => exit(0)));
}

// Entry point, after the declarations above: classes, unlike functions, are not hoisted.
const { values: args, positionals } = parseArgs({
  options: {
    version: { type: "boolean" },
    datamodels: { type: "string", multiple: true },
    datasource: { type: "string" },
    // Passed by the CLI when configured. The wasm constructor has no counterpart, so they are
    // accepted (a strict parser would reject them) and ignored.
    "enabled-preview-features": { type: "string" },
    "extension-types": { type: "string" },
  },
  allowPositionals: true,
});

if (args.version) {
  await loadWasm();
  process.stdout.write(`schema-engine-wasm ${wasmBindings.version()}\n`);
} else if (positionals[0] === "cli") {
  // The CLI drops the first stderr line of a one-shot command before parsing the rest as JSON,
  // so this line must come first. The datasource is left out: URLs may hold secrets.
  log("INFO", { message: `Starting schema-engine-wasm cli ${positionals[1]}` });
  try {
    await runCliCommand(positionals[1], datasourceUrl(args.datasource));
  } catch (error) {
    log("ERROR", errorDetails(error));
    process.exitCode = 1;
  }
} else {
  serveJsonRpc(args.datasource, args.datamodels ?? []);
}
