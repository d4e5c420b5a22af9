import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { Device } from "@/lib/http/device";
import { log } from "@/lib/log";
import { sessionReference } from "@/lib/security/events";
import { createSession, sessionPolicy, sessionSignals, validateSessionToken } from "@/lib/session/store";
import { createUser, resetDatabase } from "./helpers/db";
import { withTrigger } from "./helpers/triggers";

// What a session lookup does when the request carrying the token does not look like the
// browser that signed in: another browser or system is a stolen cookie (revoked, recorded,
// anonymous), another IP address is only recorded. And what it records when it finds a
// session that timed out. Real SQLite, real rows, the real event log.

const CHROME_131 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const CHROME_132 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const laptop: Device = { ipAddress: "198.51.100.10", userAgent: CHROME_131 };
const thief: Device = { ipAddress: "203.0.113.66", userAgent: FIREFOX };
const start = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(start.getTime() + ms);
const NO_SESSION = { session: null, user: null };

function events() {
  return db.securityEvent.findMany({
    orderBy: { id: "asc" },
    select: { type: true, reason: true, userId: true, sessionRef: true, ipAddress: true, userAgent: true, createdAt: true },
  });
}

async function signedIn(device = laptop) {
  const user = await createUser();
  const created = await createSession({ userId: user.id, device, now: start });
  return { user, ...created };
}

beforeEach(async () => {
  sessionSignals.bindUserAgent = true;
  await resetDatabase();
});
afterEach(() => vi.restoreAllMocks());

describe("the hijack signal", () => {
  it("revokes a session presented by another browser, records it, and answers no session", async () => {
    const warn = vi.spyOn(log, "warn");
    const { user, token, session } = await signedIn();

    expect(await validateSessionToken(token, at(1000), thief)).toEqual(NO_SESSION);

    expect(await db.session.count({ where: { id: session.id } })).toBe(0);
    expect(await events()).toEqual([
      {
        type: "SESSION_REVOKED",
        reason: "browser_changed",
        userId: user.id,
        sessionRef: sessionReference(session.id),
        ipAddress: thief.ipAddress,
        userAgent: thief.userAgent,
        createdAt: at(1000),
      },
    ]);
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      {
        event: "session_browser_changed",
        userId: user.id,
        sessionRef: sessionReference(session.id),
        created: { browser: "Chrome", os: "Windows" },
        presented: { browser: "Firefox", os: "Windows", ipAddress: thief.ipAddress },
      },
      "session presented by another browser than the one it was created in; revoked",
    );
    // The owner's own browser is signed out too: the row is gone for everyone.
    expect(await validateSessionToken(token, at(2000), laptop)).toEqual(NO_SESSION);
  });

  it("treats another operating system as another browser", async () => {
    const { token } = await signedIn();
    expect(await validateSessionToken(token, at(1000), { ...laptop, userAgent: CHROME_MAC })).toEqual(NO_SESSION);
    expect((await events()).map((event) => event.reason)).toEqual(["browser_changed"]);
  });

  it("keeps the session when the browser merely updated itself", async () => {
    const { user, token, session } = await signedIn();
    const result = await validateSessionToken(token, at(1000), { ...laptop, userAgent: CHROME_132 });
    expect(result.user?.id).toBe(user.id);
    expect(result.session?.id).toBe(session.id);
    expect(await events()).toEqual([]);
  });

  it("ends a guest's stolen cart session too, with nothing to record for an account", async () => {
    const guest = await createSession({ userId: null, device: laptop, now: start });
    expect(await validateSessionToken(guest.token, at(1000), thief)).toEqual(NO_SESSION);
    expect(await db.session.count()).toBe(0);
    expect(await events()).toEqual([]);
  });

  it("records one revocation when the thief sends two requests at once", async () => {
    const { token } = await signedIn();
    const answers = await Promise.all([validateSessionToken(token, at(1000), thief), validateSessionToken(token, at(1000), thief)]);
    expect(answers).toEqual([NO_SESSION, NO_SESSION]);
    expect(await events()).toHaveLength(1);
  });

  it("is off with SESSION_BIND_USER_AGENT=false", async () => {
    sessionSignals.bindUserAgent = false;
    const { user, token } = await signedIn();
    expect((await validateSessionToken(token, at(1000), { ...laptop, userAgent: FIREFOX })).user?.id).toBe(user.id);
    expect(await events()).toEqual([]);
  });

  it("has nothing to compare for a session created without a user agent, or a lookup without a request", async () => {
    const { user, token } = await signedIn({ ipAddress: laptop.ipAddress, userAgent: null });
    expect((await validateSessionToken(token, at(1000), { ...laptop, userAgent: FIREFOX })).user?.id).toBe(user.id);
    const other = await signedIn();
    expect((await validateSessionToken(other.token, at(1000))).user?.id).toBe(other.user.id);
    expect(await events()).toEqual([]);
  });

  it("logs no token and no session id", async () => {
    const warn = vi.spyOn(log, "warn");
    const { token, session } = await signedIn();
    await validateSessionToken(token, at(1000), thief);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(session.id);
  });
});

describe("the IP-change signal", () => {
  const cafe = { ...laptop, ipAddress: "192.0.2.200" };

  it("records a move to another address once, and shows the new address from then on", async () => {
    const { user, token, session } = await signedIn();
    // Well inside the renewal interval: the move is written even when no renewal is due.
    const moved = await validateSessionToken(token, at(1000), cafe);
    expect(moved.user?.id).toBe(user.id);
    expect(moved.session).toMatchObject({ ipAddress: cafe.ipAddress, lastSeenAt: start });
    expect(await db.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ ipAddress: cafe.ipAddress, lastSeenAt: start });

    for (let i = 2; i <= 5; i += 1) expect((await validateSessionToken(token, at(i * 1000), cafe)).user?.id).toBe(user.id);
    expect(await events()).toEqual([
      {
        type: "SESSION_IP_CHANGED",
        reason: null,
        userId: user.id,
        sessionRef: sessionReference(session.id),
        ipAddress: cafe.ipAddress,
        userAgent: cafe.userAgent,
        createdAt: at(1000),
      },
    ]);

    // Back home: another move, another event.
    await validateSessionToken(token, at(6000), laptop);
    expect((await events()).map((event) => event.ipAddress)).toEqual([cafe.ipAddress, laptop.ipAddress]);
  });

  it("writes the new address with a renewal that is due, in one go", async () => {
    const { token, session } = await signedIn();
    const later = at(sessionPolicy.renewalIntervalMs);
    const result = await validateSessionToken(token, later, cafe);
    expect(result.session).toMatchObject({ ipAddress: cafe.ipAddress, lastSeenAt: later });
    expect(await db.session.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ ipAddress: cafe.ipAddress, lastSeenAt: later });
    expect(await events()).toHaveLength(1);
  });

  it("never enforces the address: the session stays signed in", async () => {
    const { user, token } = await signedIn();
    expect((await validateSessionToken(token, at(1000), { ...laptop, ipAddress: "2001:db8::1" })).user?.id).toBe(user.id);
  });

  it("records nothing for the same address, an unknown one, a guest, or a lookup without a request", async () => {
    const { token, session } = await signedIn();
    await validateSessionToken(token, at(1000), laptop);
    await validateSessionToken(token, at(2000), { ...laptop, ipAddress: null });
    await validateSessionToken(token, at(3000));
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).ipAddress).toBe(laptop.ipAddress);

    // A guest's row keeps the address it was created from: the per-network guest limit counts it.
    const guest = await createSession({ userId: null, device: laptop, now: start });
    expect((await validateSessionToken(guest.token, at(1000), cafe)).session?.ipAddress).toBe(laptop.ipAddress);
    expect((await db.session.findUniqueOrThrow({ where: { id: guest.session.id } })).ipAddress).toBe(laptop.ipAddress);
    expect(await events()).toEqual([]);
  });

  it("records one move when two requests from the new address arrive at once", async () => {
    const { token } = await signedIn();
    await Promise.all([validateSessionToken(token, at(1000), cafe), validateSessionToken(token, at(1000), cafe)]);
    expect(await events()).toHaveLength(1);
  });

  // The move's write is conditional on the address the lookup read. SQLite triggers put the
  // database in the two states a concurrent request can leave: the address already moved
  // (the write matches nothing, the row is there) and the row gone (a sign-out meanwhile).
  it("answers the session when another request recorded the move first, and no session when the row is gone", async () => {
    const { user, token } = await signedIn();
    // Someone else's session: "the row is gone" must mean this session's row.
    await signedIn();
    await withTrigger({ table: "Session", before: "UPDATE", effect: { skip: true } }, async () => {
      const result = await validateSessionToken(token, at(1000), cafe);
      expect(result.user?.id).toBe(user.id);
      expect(result.session?.ipAddress).toBe(laptop.ipAddress);
    });
    await withTrigger({ table: "Session", before: "UPDATE", effect: { deleteRow: true } }, async () => {
      expect(await validateSessionToken(token, at(2000), cafe)).toEqual(NO_SESSION);
    });
    expect(await events()).toEqual([]);
  });
});

describe("expiry found at lookup", () => {
  it("records SESSION_EXPIRED for an idle session, with the session's own device", async () => {
    const { user, token, session } = await signedIn();
    const deadline = at(sessionPolicy.idleTimeoutMs);
    expect(await validateSessionToken(token, deadline, thief)).toEqual(NO_SESSION);
    expect(await db.session.count()).toBe(0);
    expect(await events()).toEqual([
      {
        type: "SESSION_EXPIRED",
        reason: "idle_timeout",
        userId: user.id,
        sessionRef: sessionReference(session.id),
        ipAddress: laptop.ipAddress,
        userAgent: laptop.userAgent,
        createdAt: deadline,
      },
    ]);
    // Found again (a second tab): nothing more to record.
    expect(await validateSessionToken(token, deadline, laptop)).toEqual(NO_SESSION);
    expect(await events()).toHaveLength(1);
  });

  it("says absolute_timeout for a session used to the last", async () => {
    const { token, session } = await signedIn();
    await db.session.update({ where: { id: session.id }, data: { idleExpiresAt: session.absoluteExpiresAt } });
    expect(await validateSessionToken(token, session.absoluteExpiresAt, laptop)).toEqual(NO_SESSION);
    expect((await events()).map((event) => event.reason)).toEqual(["absolute_timeout"]);
  });

  it("records nothing for a guest, or for a disabled account's session", async () => {
    const guest = await createSession({ userId: null, device: laptop, now: start });
    expect(await validateSessionToken(guest.token, at(sessionPolicy.idleTimeoutMs), laptop)).toEqual(NO_SESSION);

    const { user, token } = await signedIn();
    await db.user.update({ where: { id: user.id }, data: { disabledAt: start } });
    expect(await validateSessionToken(token, at(sessionPolicy.idleTimeoutMs), laptop)).toEqual(NO_SESSION);
    expect(await db.session.count()).toBe(0);
    expect(await events()).toEqual([]);
  });
});
