import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The first `npm start` / `npm run setup` of a fresh clone, for real: scripts/setup.mjs in a
// throwaway project folder writes .env (with AUTH_SECRET), creates data/shop.db, migrates
// and seeds it. Secrets and password hashes must be readable by their owner only.
const root = process.cwd();
const project = mkdtempSync(path.join(tmpdir(), "shop-fresh-clone-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function mode(file: string): string {
  return (statSync(path.join(project, file)).mode & 0o777).toString(8);
}

describe("first setup of a clone", () => {
  it("creates .env and the database owner-only", () => {
    mkdirSync(path.join(project, "scripts"));
    // Copied: their location decides which folder is the project (import.meta.url, dirname).
    for (const file of ["scripts/setup.mjs", "prisma.config.ts", ".env.example"]) {
      copyFileSync(path.join(root, file), path.join(project, file));
    }
    // Shared read-only with the real checkout: code, schema, migrations, dependencies.
    for (const file of ["node_modules", "lib", "prisma", "tsconfig.json", "scripts/prisma-schema-engine.mjs"]) {
      symlinkSync(path.join(root, file), path.join(project, file));
    }

    const setup = spawnSync(process.execPath, ["scripts/setup.mjs"], {
      cwd: project,
      encoding: "utf8",
      // No DATABASE_URL: the default from .env, file:./data/shop.db, inside the project.
      env: { NODE_ENV: "development", PATH: process.env.PATH, HOME: process.env.HOME, BCRYPT_COST: "4" },
    });
    expect(setup.status, setup.stdout + setup.stderr).toBe(0);
    expect(setup.stdout).toContain("Created .env");

    expect(mode(".env")).toBe("600");
    expect(mode("data")).toBe("700");
    // The database and whatever SQLite left beside it (journal, WAL) after migrating and seeding.
    const files = readdirSync(path.join(project, "data"));
    expect(files).toContain("shop.db");
    for (const file of files) expect(`${file} ${mode(path.join("data", file))}`).toBe(`${file} 600`);
  });
});
