import "server-only";
import { db } from "@/lib/db";

// The numbers on the admin area's front page: one count per section, and the one thing
// in each that may need attention.

export type AdminOverview = {
  users: number;
  admins: number;
  disabledUsers: number;
  products: number;
  outOfStock: number;
  orders: number;
  ordersToShip: number;
};

export async function getAdminOverview(): Promise<AdminOverview> {
  const [users, admins, disabledUsers, products, outOfStock, orders, ordersToShip] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { role: "ADMIN", disabledAt: null } }),
    db.user.count({ where: { disabledAt: { not: null } } }),
    db.product.count(),
    db.product.count({ where: { stock: 0 } }),
    db.order.count(),
    db.order.count({ where: { status: "PLACED" } }),
  ]);
  return { users, admins, disabledUsers, products, outOfStock, orders, ordersToShip };
}
