import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";

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
