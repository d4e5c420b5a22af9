import { describe, expect, it } from "vitest";
import { EVENT_LABELS, eventLabel, reasonLabel } from "@/app/_components/security-event-labels";
import { SecurityEventType } from "@/lib/generated/prisma/enums";

// The words /account/activity and an admin's user page show for each event. Outside
// tests read the page by these words (docs/architecture.md, "Contract"), so the ones the
// contract names are pinned here exactly.

describe("event labels", () => {
  it("give every event type of the schema its own words", () => {
    const types = Object.values(SecurityEventType);
    expect(Object.keys(EVENT_LABELS).sort()).toEqual([...types].sort());
    for (const type of types) expect(eventLabel(type)).toMatch(/^[A-Z]/);
    expect(new Set(types.map(eventLabel)).size).toBe(types.length);
  });

  it("use the contract's words", () => {
    expect(eventLabel("SIGN_IN")).toBe("Signed in");
    expect(eventLabel("SIGN_IN_FAILED")).toBe("Sign-in failed");
    expect(eventLabel("SIGN_OUT")).toBe("Signed out");
    expect(eventLabel("SESSION_REVOKED")).toBe("Session revoked");
    expect(eventLabel("PASSWORD_CHANGED")).toBe("Password changed");
    expect(eventLabel("NEW_DEVICE")).toBe("New device");
  });
});

describe("reason labels", () => {
  it("say who or what ended a session", () => {
    expect(reasonLabel("user", "owner")).toBe("by you");
    expect(reasonLabel("admin", "owner")).toBe("by an administrator");
    expect(reasonLabel("session_limit", "owner")).toBe("session limit reached");
    expect(reasonLabel("password_change", "owner")).toBe("after a password change");
    expect(reasonLabel("password_reset", "owner")).toBe("after a password reset");
    expect(reasonLabel("role_change", "owner")).toBe("after a role change");
    expect(reasonLabel("account_disabled_by_admin", "owner")).toBe("account disabled by an administrator");
    expect(reasonLabel("browser_changed", "owner")).toBe("browser changed");
    expect(reasonLabel("reauthentication", "owner")).toBe("after a password confirmation");
  });

  it("tell an administrator that the user, not they, did what the user did", () => {
    expect(reasonLabel("user", "admin")).toBe("by the user");
    expect(reasonLabel("admin", "admin")).toBe("by an administrator");
    expect(reasonLabel("session_limit", "admin")).toBe("session limit reached");
  });

  it("show nothing for no reason, and an unknown reason as words, never an object's inherited property", () => {
    expect(reasonLabel(null, "owner")).toBeNull();
    expect(reasonLabel(null, "admin")).toBeNull();
    expect(reasonLabel("a_reason_from_a_newer_version", "owner")).toBe("a reason from a newer version");
    expect(reasonLabel("a_reason_from_a_newer_version", "admin")).toBe("a reason from a newer version");
    expect(reasonLabel("toString", "admin")).toBe("toString");
    expect(reasonLabel("constructor", "owner")).toBe("constructor");
  });
});
