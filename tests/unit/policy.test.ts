import { describe, expect, it } from "vitest";
import { expiryReason, isExpired, isRecentlyAuthenticated, newSessionTimes, policyFromSeconds, renewedSessionTimes } from "@/lib/session/policy";

const start = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);

describe("session policy", () => {
  it("uses the documented defaults: 30 min idle, 12 h absolute, renewal at most once a minute", () => {
    expect(policyFromSeconds(1800, 43200)).toEqual({
      idleTimeoutMs: 1_800_000,
      absoluteTimeoutMs: 43_200_000,
      renewalIntervalMs: 60_000,
    });
  });

  it("renews more often than a tenth of a short idle window, but not more than once a second", () => {
    expect(policyFromSeconds(60, 600).renewalIntervalMs).toBe(6_000);
    expect(policyFromSeconds(5, 60).renewalIntervalMs).toBe(1_000);
  });

  it("caps the first idle expiry at the absolute expiry", () => {
    const policy = policyFromSeconds(600, 300);
    expect(newSessionTimes(policy, start)).toEqual({ lastSeenAt: start, idleExpiresAt: at(300_000), absoluteExpiresAt: at(300_000) });
  });

  it("is expired from the idle or the absolute instant on, not before", () => {
    const times = { idleExpiresAt: at(1000), absoluteExpiresAt: at(5000) };
    expect(isExpired(times, at(999))).toBe(false);
    expect(isExpired(times, at(1000))).toBe(true);
    expect(isExpired({ idleExpiresAt: at(9000), absoluteExpiresAt: at(5000) }, at(5000))).toBe(true);
  });

  it("renews only once the renewal interval has passed, and never past the absolute expiry", () => {
    const policy = policyFromSeconds(1800, 3600);
    const times = newSessionTimes(policy, start);
    expect(renewedSessionTimes(policy, times, at(59_999))).toBeNull();
    expect(renewedSessionTimes(policy, times, at(60_000))).toEqual({
      lastSeenAt: at(60_000),
      idleExpiresAt: at(60_000 + 1_800_000),
      absoluteExpiresAt: at(3_600_000),
    });
    expect(renewedSessionTimes(policy, times, at(3_000_000))?.idleExpiresAt).toEqual(at(3_600_000));
  });
});

describe("the sudo window (step-up)", () => {
  const windowMs = 600_000;

  it("is open from the proof of identity until just before the window ends", () => {
    expect(isRecentlyAuthenticated(start, start, windowMs)).toBe(true);
    expect(isRecentlyAuthenticated(start, at(windowMs - 1), windowMs)).toBe(true);
  });

  it("is closed at exactly the window and after it", () => {
    expect(isRecentlyAuthenticated(start, at(windowMs), windowMs)).toBe(false);
    expect(isRecentlyAuthenticated(start, at(windowMs + 1), windowMs)).toBe(false);
  });

  it("is never open without a proof of identity (a guest session)", () => {
    expect(isRecentlyAuthenticated(null, start, windowMs)).toBe(false);
  });

  it("is not moved by activity: a renewal carries new times and no authenticatedAt", () => {
    const policy = policyFromSeconds(1800, 43200);
    const session = { ...newSessionTimes(policy, start), authenticatedAt: start };
    const renewed = renewedSessionTimes(policy, session, at(windowMs - 1000));
    expect(renewed).not.toBeNull();
    expect(Object.keys(renewed!).sort()).toEqual(["absoluteExpiresAt", "idleExpiresAt", "lastSeenAt"]);
    // However busy the session, the window is measured from the proof alone.
    expect(isRecentlyAuthenticated(session.authenticatedAt, at(windowMs), windowMs)).toBe(false);
  });
});

describe("expiryReason", () => {
  const times = { idleExpiresAt: new Date(1_000), absoluteExpiresAt: new Date(5_000) };

  it("names the timeout that ended the session, from the instant it passed", () => {
    expect(expiryReason(times, new Date(999))).toBeNull();
    expect(expiryReason(times, new Date(1_000))).toBe("idle_timeout");
    expect(expiryReason(times, new Date(4_999))).toBe("idle_timeout");
    expect(expiryReason(times, new Date(5_000))).toBe("absolute_timeout");
  });

  it("says absolute when the idle expiry was capped at the absolute one", () => {
    expect(expiryReason({ idleExpiresAt: new Date(5_000), absoluteExpiresAt: new Date(5_000) }, new Date(5_000))).toBe("absolute_timeout");
  });
});
