import { describe, expect, it } from "vitest";
import { postgresqlSchema, readSchemas } from "@/scripts/db-schema.mjs";

// prisma/schema.prisma is the one source of the models; the PostgreSQL schema is written
// from it. A model edited without `npm run db:schema` would make the two databases differ.
describe("the PostgreSQL schema", () => {
  it("is the committed copy of prisma/schema.prisma with its provider and client folder swapped", () => {
    const { expected, committed } = readSchemas();
    expect(committed, "prisma/postgresql/schema.prisma is out of date: run `npm run db:schema`").toBe(expected);
    expect(expected).toMatch(/^\s*provider\s*=\s*"postgresql"$/m);
    expect(expected).toContain('output       = "../../lib/generated/prisma-postgresql"');
    expect(expected).not.toMatch(/"sqlite"/);
  });

  it("refuses a source it no longer knows how to rewrite, rather than copying it unchanged", () => {
    expect(() => postgresqlSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/no longer matches/);
  });
});
