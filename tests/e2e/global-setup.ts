import { rmSync } from "node:fs";
import { SECRETS_FILE } from "./fixtures";

// Each run starts with no recorded secrets; the servers start with empty logs too
// (scripts/e2e-server.mjs), so the log audit compares one run with itself.
export default function globalSetup(): void {
  rmSync(SECRETS_FILE, { force: true });
}
