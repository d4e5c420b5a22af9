// Demo data for the local shop: the catalog and two accounts. Safe to run any number of
// times: it only creates what is missing and never changes or deletes existing rows.
//
//   npm run db:seed               (refuses when NODE_ENV=production)
//   npm run db:seed -- --force    (seed a production database anyway, on purpose)
//
// It uses the app's own database client and password hashing (run with tsx's
// `--conditions=react-server`, which lets server-only modules load outside Next.js), so
// the file, its journal mode and the bcrypt cost are the ones the app uses.
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { DEMO_ACCOUNTS } from "@/lib/demo-accounts";
import { catalog } from "./catalog";

// The demo accounts' passwords are published (README, and the local demo's sign-in page).
// They must never exist in a real deployment, which is why production needs --force.

async function main(): Promise<void> {
  const force = process.argv.includes("--force") || process.env.SEED_FORCE === "1";
  if (process.env.NODE_ENV === "production" && !force) {
    console.error("Refusing to seed demo accounts with NODE_ENV=production. Pass --force (or SEED_FORCE=1) to do it anyway.");
    process.exitCode = 1;
    return;
  }

  try {
    let products = 0;
    for (const product of catalog) {
      const existing = await db.product.findUnique({ where: { slug: product.slug }, select: { id: true } });
      if (existing) continue;
      await db.product.create({ data: product });
      products += 1;
    }

    let users = 0;
    for (const { password, ...account } of DEMO_ACCOUNTS) {
      const existing = await db.user.findUnique({ where: { email: account.email }, select: { id: true } });
      if (existing) continue;
      await db.user.create({ data: { ...account, passwordHash: await hashPassword(password) } });
      users += 1;
    }

    console.log(`Seed: ${products} product(s) and ${users} demo account(s) created; existing rows left untouched.`);
  } finally {
    await db.$disconnect();
  }
}

await main();
