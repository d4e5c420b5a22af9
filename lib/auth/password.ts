import "server-only";
import bcrypt from "bcrypt";
import { env } from "@/lib/env";

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, env.BCRYPT_COST);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// When the email is unknown, sign-in still runs one bcrypt comparison against this hash,
// so "no such account" takes as long as "wrong password" and timing reveals nothing.
// It is made once per process, at the configured cost, from a random throwaway password.
let dummyHash: Promise<string> | undefined;

export function getDummyHash(): Promise<string> {
  dummyHash ??= bcrypt.hash(crypto.randomUUID(), env.BCRYPT_COST);
  return dummyHash;
}
