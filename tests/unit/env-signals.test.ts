import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

// The switches of the theft signals and the purge, with the defaults .env.example states.
function problem(source: Record<string, string>): string {
  try {
    parseEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  return "no problem";
}

describe("theft signal and purge settings", () => {
  it("binds a session to its browser unless SESSION_BIND_USER_AGENT is exactly false", () => {
    expect(parseEnv({}).SESSION_BIND_USER_AGENT).toBe(true);
    expect(parseEnv({ SESSION_BIND_USER_AGENT: "true" }).SESSION_BIND_USER_AGENT).toBe(true);
    expect(parseEnv({ SESSION_BIND_USER_AGENT: "false" }).SESSION_BIND_USER_AGENT).toBe(false);
    // A typo must not quietly turn a control off.
    expect(problem({ SESSION_BIND_USER_AGENT: "no" })).toContain("SESSION_BIND_USER_AGENT");
    expect(problem({ SESSION_BIND_USER_AGENT: "0" })).toContain("SESSION_BIND_USER_AGENT");
  });

  it("purges every 600 seconds by default; 0 turns the in-process timer off", () => {
    expect(parseEnv({}).HOUSEKEEPING_INTERVAL_SECONDS).toBe(600);
    expect(parseEnv({ HOUSEKEEPING_INTERVAL_SECONDS: "0" }).HOUSEKEEPING_INTERVAL_SECONDS).toBe(0);
    expect(parseEnv({ HOUSEKEEPING_INTERVAL_SECONDS: "86400" }).HOUSEKEEPING_INTERVAL_SECONDS).toBe(86_400);
    expect(problem({ HOUSEKEEPING_INTERVAL_SECONDS: "-1" })).toContain("HOUSEKEEPING_INTERVAL_SECONDS");
    expect(problem({ HOUSEKEEPING_INTERVAL_SECONDS: "86401" })).toContain("HOUSEKEEPING_INTERVAL_SECONDS");
  });

  it("keeps security events 365 days by default, from 1 day to 10 years", () => {
    expect(parseEnv({}).SECURITY_EVENT_RETENTION_DAYS).toBe(365);
    expect(parseEnv({ SECURITY_EVENT_RETENTION_DAYS: "1" }).SECURITY_EVENT_RETENTION_DAYS).toBe(1);
    expect(parseEnv({ SECURITY_EVENT_RETENTION_DAYS: "3650" }).SECURITY_EVENT_RETENTION_DAYS).toBe(3650);
    expect(problem({ SECURITY_EVENT_RETENTION_DAYS: "0" })).toContain("SECURITY_EVENT_RETENTION_DAYS");
    expect(problem({ SECURITY_EVENT_RETENTION_DAYS: "3651" })).toContain("SECURITY_EVENT_RETENTION_DAYS");
  });
});
