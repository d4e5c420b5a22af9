#!/usr/bin/env node
// `npm run db:schema`: writes prisma/postgresql/schema.prisma from prisma/schema.prisma.
//
// Prisma takes one provider per schema file, and the shop runs on SQLite (the demo) and on
// PostgreSQL (several instances). The models are written once, in prisma/schema.prisma;
// the PostgreSQL schema is that file with its provider and client folder swapped, and is
// committed so that readers see it and `prisma migrate diff` can compare against it.
// `npm run db:schema -- --check` exits 1 when the committed copy is out of date; the
// test suite runs the same comparison (tests/unit/db-schema.test.ts).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PRISMA_FILES } from "../lib/database-provider.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const HEADER = `// Generated from prisma/schema.prisma by \`npm run db:schema\`: edit that file, not this one.
// The same models on PostgreSQL, with their own client (lib/generated/prisma-postgresql)
// and migrations (prisma/migrations/postgresql).
`;

/** The PostgreSQL schema for a SQLite schema's text. Throws if the text is not shaped as expected. */
export function postgresqlSchema(source) {
  const swaps = [
    [/^(\s*provider\s*=\s*)"sqlite"$/m, '$1"postgresql"'],
    // One folder deeper than the source, and a client of its own: the generated query
    // code differs per provider.
    [/^(\s*output\s*=\s*)"\.\.\/lib\/generated\/prisma"$/m, '$1"../../lib/generated/prisma-postgresql"'],
  ];
  let text = source;
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(text)) throw new Error(`prisma/schema.prisma no longer matches ${pattern}; update scripts/db-schema.mjs.`);
    text = text.replace(pattern, replacement);
  }
  return HEADER + text;
}

export function readSchemas() {
  const source = readFileSync(path.join(root, PRISMA_FILES.sqlite.schema), "utf8");
  const target = path.join(root, PRISMA_FILES.postgresql.schema);
  let committed = null;
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    // Missing: written below, or reported by --check.
  }
  return { expected: postgresqlSchema(source), committed, target };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { expected, committed, target } = readSchemas();
  if (process.argv.includes("--check")) {
    if (committed !== expected) {
      console.error(`${path.relative(root, target)} is out of date: run \`npm run db:schema\`.`);
      process.exit(1);
    }
    console.log(`${path.relative(root, target)} is up to date.`);
  } else if (committed !== expected) {
    writeFileSync(target, expected);
    console.log(`Wrote ${path.relative(root, target)}.`);
  }
}
