import "server-only";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

// A relative SQLite URL ("file:./data/shop.db") is resolved against the project root, the
// same place the Prisma CLI puts it, so the app and `prisma migrate` open the same file.
function sqliteUrl(url: string): string {
  const file = url.replace(/^file:/, "");
  return `file:${path.resolve(file)}`;
}

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSqlite3({ url: sqliteUrl(env.DATABASE_URL) });
  return new PrismaClient({ adapter });
}

// One client per process. In development Next.js re-evaluates modules on every edit, so
// the client is parked on globalThis to avoid opening a new connection each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const db = globalForPrisma.prisma ?? createClient();

if (env.NODE_ENV !== "production") globalForPrisma.prisma = db;

export type { PrismaClient };
export type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
