import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { labs } from "@/scripts/lab/labs.mjs";
import { ATTACKS } from "@/scripts/workshop/attacker-pages.mjs";

// The workshop's labs as participants meet them: each has its break as a patch, a page of
// the attacker site where the break shows, and a section of docs/workshop.md that says
// how. (That each patch still breaks its control is proved by scripts/check-labs.mjs.)

const guide = readFileSync("docs/workshop.md", "utf8");
const sectionOf = (id: number) => guide.split(/^## /m).find((section) => section.startsWith(`Lab ${id}:`)) ?? "";
const pages = ATTACKS.map(([path]) => path);

describe.each(labs.map((lab) => [lab.id, lab] as const))("lab %i", (id, lab) => {
  it("has its break as a patch and a section of its own in docs/workshop.md", () => {
    expect(existsSync(`docs/labs/${id}.patch`)).toBe(true);
    expect(sectionOf(id)).toContain(lab.title);
  });

  it("names a page the attacker site serves, and the guide says what it shows there", () => {
    expect(pages).toContain(lab.attacker);
    const attackerParagraph = sectionOf(id).split("**Attacker site.**")[1] ?? "";
    expect(attackerParagraph).toContain(`\`${lab.attacker}\``);
  });
});
