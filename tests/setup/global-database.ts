import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

// Migrates one template database with the real migrations and the real Prisma CLI, once
// per run. Each test file then works on its own copy (tests/setup/database.ts).
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "shop-test-template-"));
  const file = path.join(dir, "template.db");
  const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`Migrating the test database failed:\n${result.stdout}\n${result.stderr}`);
  project.provide("templateDatabase", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
