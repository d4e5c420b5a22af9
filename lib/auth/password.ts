import "server-only";
import bcrypt from "bcrypt";
import pLimit from "p-limit";
import { env } from "@/lib/env";

// bcrypt is slow on purpose (about 250 ms a hash at cost 12), and runs on libuv's thread
// pool: left alone, a burst of sign-ins, real or scripted, keeps every core busy and
// every other request waits behind it. So at most BCRYPT_CONCURRENCY hashes or
// comparisons run at once (half the cores by default) and the others queue: a storm of
// sign-ins makes sign-in slower, while product pages and carts keep a core to run on.
// p-limit is the small, maintained promise queue of the ecosystem for this.
const bcryptSlots = pLimit(env.BCRYPT_CONCURRENCY);

export async function hashPassword(password: string): Promise<string> {
  return bcryptSlots(() => bcrypt.hash(password, env.BCRYPT_COST));
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcryptSlots(() => bcrypt.compare(password, hash));
}

// When the email is unknown, sign-in still runs one bcrypt comparison against this hash,
// so "no such account" takes as long as "wrong password" and timing reveals nothing.
// It is made once per process, at the configured cost, from a random throwaway password.
let dummyHash: Promise<string> | undefined;

export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
