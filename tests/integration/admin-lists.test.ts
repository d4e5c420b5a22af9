import { beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { parseRecordId } from "@/lib/record-id";
import { getAdminOverview } from "@/lib/admin/overview";
import { getUserDetail, listUsers, parseUserSearch, USER_LIST_LIMIT } from "@/lib/admin/users";
import { createSession, sessionPolicy } from "@/lib/session/store";
import { createUser, resetDatabase, seedProduct } from "./helpers/db";
import { createAdmin, device, signInOn } from "./helpers/admin";

// What the admin pages read: the user list and its search, one user's page, the overview.

beforeEach(resetDatabase);

/** Users created in order, each a minute after the previous one, so "newest first" is unambiguous. */
async function usersCreatedInOrder(emails: string[]) {
  const users = [];
  for (const [index, email] of emails.entries()) {
    const user = await createUser({ email });
    await db.user.update({ where: { id: user.id }, data: { createdAt: new Date(Date.UTC(2030, 0, 1, 0, index)) } });
    users.push(user);
  }
  return users;
}

describe("the search field", () => {
  it("reads ?q= as part of an email: trimmed, lower-cased, bounded", () => {
    expect(parseUserSearch(undefined)).toEqual({ ok: true, query: "" });
    expect(parseUserSearch("  Alice@Example.COM ")).toEqual({ ok: true, query: "alice@example.com" });
    expect(parseUserSearch("a".repeat(254))).toEqual({ ok: true, query: "a".repeat(254) });
    expect(parseUserSearch("a".repeat(255))).toEqual({ ok: false, message: "Search for at most 254 characters." });
    // ?q=a&q=b arrives as a list.
    expect(parseUserSearch(["a", "b"])).toEqual({ ok: false, message: "Search for one email address at a time." });
  });
});

describe("the user list", () => {
  it("lists users newest first with role, status and live session count", async () => {
    const [older, newer] = await usersCreatedInOrder(["older@example.test", "newer@example.test"]);
    await db.user.update({ where: { id: older!.id }, data: { role: "ADMIN", disabledAt: new Date("2030-02-01T00:00:00Z") } });
    await signInOn(newer!.id, 2);
    // Neither an expired session nor a guest counts as a live session of anyone.
    await createSession({ userId: newer!.id, device, now: new Date(Date.now() - sessionPolicy.absoluteTimeoutMs - 1000) });
    await createSession({ userId: null, device });

    const { users, total } = await listUsers("");

    expect(total).toBe(2);
    expect(users).toEqual([
      { id: newer!.id, name: newer!.name, email: "newer@example.test", role: "CUSTOMER", disabledAt: null, createdAt: new Date("2030-01-01T00:01:00Z"), liveSessions: 2 },
      {
        id: older!.id,
        name: older!.name,
        email: "older@example.test",
        role: "ADMIN",
        disabledAt: new Date("2030-02-01T00:00:00Z"),
        createdAt: new Date("2030-01-01T00:00:00Z"),
        liveSessions: 0,
      },
    ]);
  });

  it("orders by the time of sign-up, not by id, and by id only between equal times", async () => {
    // Created in one order, signed up (createdAt) in the other: the list follows createdAt.
    const [first, second, third] = await usersCreatedInOrder(["first@example.test", "second@example.test", "third@example.test"]);
    await db.user.update({ where: { id: first!.id }, data: { createdAt: new Date("2031-01-01T00:00:00Z") } });
    await db.user.update({ where: { id: third!.id }, data: { createdAt: new Date("2029-01-01T00:00:00Z") } });
    expect((await listUsers("")).users.map((u) => u.email)).toEqual(["first@example.test", "second@example.test", "third@example.test"]);

    await db.user.updateMany({ data: { createdAt: new Date("2030-06-01T00:00:00Z") } });
    const byId = [first!, second!, third!].map((u) => u.id).sort().reverse();
    expect((await listUsers("")).users.map((u) => u.id)).toEqual(byId);
  });

  it("counts sessions past either timeout as ended", async () => {
    const [user] = await usersCreatedInOrder(["idle@example.test"]);
    await createSession({ userId: user!.id, device, now: new Date(Date.now() - sessionPolicy.idleTimeoutMs - 1000) });
    expect((await listUsers("")).users[0]?.liveSessions).toBe(0);
    // Recently active, so not idle, but past its absolute lifetime.
    const old = await createSession({ userId: user!.id, device });
    await db.session.update({ where: { id: old.session.id }, data: { absoluteExpiresAt: new Date(Date.now() - 1000) } });
    expect((await listUsers("")).users[0]?.liveSessions).toBe(0);
    await createSession({ userId: user!.id, device });
    expect((await listUsers("")).users[0]?.liveSessions).toBe(1);
  });

  it("finds users by part of their email, and only those", async () => {
    await usersCreatedInOrder(["ann@shop.test", "bob@shop.test", "anna@other.test"]);
    expect((await listUsers("ann")).users.map((u) => u.email)).toEqual(["anna@other.test", "ann@shop.test"]);
    expect((await listUsers("shop.test")).total).toBe(2);
    expect(await listUsers("nobody")).toEqual({ users: [], total: 0 });
  });

  it("treats % and _ in a search as themselves, not as wildcards", async () => {
    await usersCreatedInOrder(["plain@example.test", "under_score@example.test", "100%off@example.test"]);
    expect((await listUsers("%")).users.map((u) => u.email)).toEqual(["100%off@example.test"]);
    expect((await listUsers("_")).users.map((u) => u.email)).toEqual(["under_score@example.test"]);
    expect((await listUsers("r_s")).total).toBe(1);
    expect((await listUsers("n_s")).total).toBe(0);
  });

  it(`shows at most ${USER_LIST_LIMIT} users, the newest, and gives the full count`, async () => {
    const start = Date.UTC(2030, 0, 1);
    await db.user.createMany({
      data: Array.from({ length: USER_LIST_LIMIT + 2 }, (_, index) => ({
        name: `User ${index}`,
        email: `bulk${index}@example.test`,
        createdAt: new Date(start + index * 60_000),
      })),
    });
    const { users, total } = await listUsers("bulk");
    expect(total).toBe(USER_LIST_LIMIT + 2);
    expect(users).toHaveLength(USER_LIST_LIMIT);
    expect(users[0]?.email).toBe(`bulk${USER_LIST_LIMIT + 1}@example.test`);
    expect(users.at(-1)?.email).toBe("bulk2@example.test");
  });
});

describe("one user's page", () => {
  it("has the account and its live sessions, newest activity first", async () => {
    const user = await createUser({ name: "Lena", email: "lena@example.test" });
    const [first, second] = await signInOn(user.id, 2);
    await db.session.update({ where: { id: first!.session.id }, data: { lastSeenAt: new Date(Date.now() + 1000) } });
    await createSession({ userId: user.id, device, now: new Date(Date.now() - sessionPolicy.absoluteTimeoutMs - 1000) });
    const other = await createUser();
    await signInOn(other.id, 1);

    const detail = await getUserDetail(user.id);

    expect(detail).toMatchObject({ id: user.id, name: "Lena", email: "lena@example.test", role: "CUSTOMER", disabledAt: null });
    expect(detail?.createdAt).toBeInstanceOf(Date);
    expect(detail?.sessions.map((s) => s.id)).toEqual([first!.session.id, second!.session.id]);
    expect(detail?.sessions[0]).toMatchObject({ ipAddress: device.ipAddress, userAgent: device.userAgent });
  });

  it("is null for an unknown id, and a malformed one asks the database nothing", async () => {
    expect(await getUserDetail("c0000000000000000000000000")).toBeNull();
    const lookups = vi.spyOn(db.user, "findUnique");
    for (const id of ["", "a/b", "x".repeat(65), "<script>", undefined, 42, ["id"]]) expect(await getUserDetail(id)).toBeNull();
    expect(lookups).not.toHaveBeenCalled();
    lookups.mockRestore();
  });
});

describe("record ids", () => {
  it("accepts cuid-like ids up to 64 characters and nothing else", () => {
    expect(parseRecordId("cmws543wx00009q7dp1w10uqv")).toBe("cmws543wx00009q7dp1w10uqv");
    expect(parseRecordId("a-b_c")).toBe("a-b_c");
    expect(parseRecordId("x".repeat(64))).toBe("x".repeat(64));
    for (const bad of ["", "x".repeat(65), "a b", "a/b", "é", " a", "a\n", null, 1]) expect(parseRecordId(bad)).toBeNull();
  });
});

describe("the overview", () => {
  it("counts users, enabled admins, disabled accounts, products, sold-out products, orders and orders to ship", async () => {
    await createAdmin();
    const disabledAdmin = await createAdmin();
    await db.user.update({ where: { id: disabledAdmin.id }, data: { disabledAt: new Date() } });
    const customer = await createUser();
    const product = await seedProduct({ stock: 3 });
    await seedProduct({ stock: 0 });
    await seedProduct({ stock: 1 });
    const order = (status: string) => ({
      userId: customer.id,
      idempotencyKey: crypto.randomUUID(),
      status,
      totalCents: 100,
      currency: "USD",
      shipName: "A",
      shipLine1: "B",
      shipCity: "C",
      shipPostalCode: "12345",
      shipCountry: "D",
      items: { create: [{ productId: product.id, name: product.name, unitPriceCents: 100, quantity: 1 }] },
    });
    for (const status of ["PLACED", "PLACED", "SHIPPED", "CANCELLED"]) await db.order.create({ data: order(status) });

    expect(await getAdminOverview()).toEqual({ users: 3, admins: 1, disabledUsers: 1, products: 3, outOfStock: 1, orders: 4, ordersToShip: 2 });
  });
});
