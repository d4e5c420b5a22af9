import { readFileSync } from "node:fs";

// Server-action ids change with every build, so tests read them from the build the e2e
// servers run (`next build` writes this manifest), by the exported function's name.
type Manifest = { node: Record<string, { exportedName?: string; workers?: Record<string, unknown> }> };

const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as Manifest;

export function actionIdOf(exportedName: string): string {
  const id = Object.entries(manifest.node).find(([, action]) => action.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`No server action named ${exportedName} in this build`);
  return id;
}

/** Every action id of the build, for requests that should reach real actions. */
export const allActionIds: string[] = Object.keys(manifest.node);

/** Each action with a page that serves it ("app/products/[slug]/page" -> /products/ceramic-mug). */
export const actionPages: { id: string; path: string }[] = Object.entries(manifest.node).flatMap(([id, action]) =>
  Object.keys(action.workers ?? {})
    .filter((worker) => worker.startsWith("app/") && !worker.includes("_not-found"))
    .map((worker) => ({ id, path: worker.replace(/^app/, "").replace(/\/page$/, "").replace("[slug]", "ceramic-mug").replace("[id]", "x") || "/" })),
);
