import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";
import { existsSync, readFileSync } from "node:fs";
import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { sqliteFilePath } from "@/lib/sqlite-file.mjs";

// Every table, children first, so a reset never trips a foreign key.
export async function resetDatabase(): Promise<void> {
  await db.$transaction([
    db.orderItem.deleteMany(),
    db.order.deleteMany(),
    db.cartItem.deleteMany(),
    db.cart.deleteMany(),
    db.session.deleteMany(),
    db.throttle.deleteMany(),
    db.securityEvent.deleteMany(),
    db.knownDevice.deleteMany(),
    db.account.deleteMany(),
    db.verificationToken.deleteMany(),
    db.user.deleteMany(),
    db.product.deleteMany(),
  ]);
}

let productCounter = 0;

export async function seedProduct(overrides: { slug?: string; name?: string; priceCents?: number; stock?: number } = {}) {
  productCounter += 1;
  return db.product.create({
    data: {
      slug: overrides.slug ?? `test-product-${productCounter}`,
      name: overrides.name ?? `Test product ${productCounter}`,
      description: "A product made for a test.",
      priceCents: overrides.priceCents ?? 1000,
      currency: "USD",
      stock: overrides.stock ?? 10,
      image: "/products/ceramic-mug.svg",
    },
  });
}

let userCounter = 0;

export async function createUser(overrides: { email?: string; name?: string; password?: string } = {}) {
  userCounter += 1;
  return db.user.create({
    data: {
      name: overrides.name ?? `Test user ${userCounter}`,
      email: overrides.email ?? `user${userCounter}@example.test`,
      passwordHash: await hashPassword(overrides.password ?? "correct horse battery"),
    },
    select: { id: true, name: true, email: true, role: true },
  });
}

/**
 * Everything the database holds, as stored: the SQLite file and its write-ahead log, or a
 * pg_dump of the PostgreSQL database. Tests search it for what must never be stored (a
 * token, a secret), and for the hash that must be stored instead.
 */
export async function databaseBytes(): Promise<Buffer> {
  const url = process.env.DATABASE_URL!;
  const file = sqliteFilePath(url);
  if (file) return Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
  return execFileSync("pg_dump", ["--data-only", "--dbname", url], { maxBuffer: 256 * 1024 * 1024 });
}

/**
 * Runs one statement on a connection of its own, as another instance of the app would:
 * nothing in this process (its Prisma client, its count of writes) sees it happen.
 * Placeholders are `$1`, `$2`…, which both databases understand.
 */
export async function executeElsewhere(sql: string, values: unknown[] = []): Promise<void> {
  const url = process.env.DATABASE_URL!;
  const file = sqliteFilePath(url);
  if (file) {
    const connection = new Database(file);
    try {
      // In order, as `?`: better-sqlite3 would read `$1` as a named parameter.
      connection.prepare(sql.replace(/\$\d+/g, "?")).run(...values);
    } finally {
      connection.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}
