import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_ACCOUNTS, demoAccountsToShow, isLocalDemo } from "@/lib/demo-accounts";
import { createUser, resetDatabase } from "./helpers/db";

// The sign-in page lists the demo accounts, passwords included, on the local demo only:
// a server nobody else can reach, and only the accounts the seed really created.

const LOCAL = { AUTH_URL: undefined, HOST: "127.0.0.1", TRUSTED_PROXY_COUNT: 0 };

beforeEach(resetDatabase);

async function seedDemoAccounts(): Promise<void> {
  for (const { email, name, role } of DEMO_ACCOUNTS) await createUser({ email, name }).then(({ id }) => db.user.update({ where: { id }, data: { role } }));
}

describe("isLocalDemo", () => {
  it("is the loopback server with no public address and no proxy", () => {
    for (const HOST of ["127.0.0.1", "localhost", "::1"]) expect(isLocalDemo({ ...LOCAL, HOST })).toBe(true);
  });

  it.each([
    ["a public address (AUTH_URL)", { AUTH_URL: "https://shop.example" }],
    ["a plain-HTTP public address", { AUTH_URL: "http://localhost:3000" }],
    ["every interface", { HOST: "0.0.0.0" }],
    ["no HOST (next start binds every interface)", { HOST: undefined }],
    ["a LAN address", { HOST: "192.168.1.20" }],
    ["a proxy in front", { TRUSTED_PROXY_COUNT: 1 }],
  ])("is not a server with %s", (_, change) => {
    expect(isLocalDemo({ ...LOCAL, ...change })).toBe(false);
  });
});

describe("demoAccountsToShow", () => {
  it("lists the seeded demo accounts on the local demo", async () => {
    await seedDemoAccounts();
    expect((await demoAccountsToShow(LOCAL)).map((account) => account.email)).toEqual(DEMO_ACCOUNTS.map((account) => account.email));
  });

  it("lists nothing on any other server, even one seeded with them", async () => {
    await seedDemoAccounts();
    expect(await demoAccountsToShow({ ...LOCAL, AUTH_URL: "https://shop.example" })).toEqual([]);
    expect(await demoAccountsToShow({ ...LOCAL, HOST: "0.0.0.0" })).toEqual([]);
    expect(await demoAccountsToShow({ ...LOCAL, TRUSTED_PROXY_COUNT: 1 })).toEqual([]);
  });

  it("lists only the demo accounts that exist and are enabled", async () => {
    expect(await demoAccountsToShow(LOCAL)).toEqual([]);
    await seedDemoAccounts();
    const [alice, admin] = DEMO_ACCOUNTS;
    await db.user.update({ where: { email: admin!.email }, data: { disabledAt: new Date() } });
    expect((await demoAccountsToShow(LOCAL)).map((account) => account.email)).toEqual([alice!.email]);
  });
});
