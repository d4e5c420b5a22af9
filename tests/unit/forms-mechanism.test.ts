import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every form that posts to a server action behaves the same on a refusal (no browser
// bubbles, focus on what to fix) because every one of them is an ActionForm
// (app/_components/form-controls.tsx). A raw <form> beside a useActionState would quietly
// opt a new form out, so this finds them.

const APP = path.resolve(import.meta.dirname, "../../app");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".tsx") ? [full] : [];
  });
}

describe("the forms of the app", () => {
  const withState = sourceFiles(APP).filter((file) => readFileSync(file, "utf8").includes("useActionState("));

  it("finds the forms (the check would pass on nothing)", () => {
    expect(withState.length).toBeGreaterThanOrEqual(15);
  });

  it("renders every form of a useActionState as an ActionForm", () => {
    const raw = withState.filter((file) => /<form[\s>]/.test(readFileSync(file, "utf8"))).map((file) => path.relative(APP, file));
    expect(raw).toEqual([]);
  });
});
