import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI would download a native schema engine on first use. This script speaks the
// same protocol over the WebAssembly build shipped on npm, so every `prisma` command works
// on a machine that reaches only the npm registry. Set the variable yourself to use a
// native engine instead.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "scripts/prisma-schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx --conditions=react-server prisma/seed.ts",
  },
  datasource: {
    url: process.env.DATABASE_URL ?? "file:./data/shop.db",
  },
});
