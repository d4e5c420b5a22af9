import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseProvider, PRISMA_FILES } from "./lib/database-provider.mjs";

// Prisma's CLI would download a native schema engine on first use. This script speaks the
// same protocol over the WebAssembly build shipped on npm, so every `prisma` command works
// on a machine that reaches only the npm registry. Set the variable yourself to use a
// native engine instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "scripts/prisma-schema-engine.mjs");

// DATABASE_URL picks the provider, and with it the schema and the migrations: the models
// are the same (prisma/schema.prisma is the source, scripts/db-schema.mjs writes the
// PostgreSQL copy), the SQL that creates them is each database's own.
const url = process.env.DATABASE_URL ?? "file:./data/shop.db";
const files = PRISMA_FILES[databaseProvider(url)];

export default defineConfig({
  schema: files.schema,
  migrations: {
    path: files.migrations,
    seed: "tsx --conditions=react-server prisma/seed.ts",
  },
  datasource: { url },
});
