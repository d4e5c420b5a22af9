import "server-only";
import { Worker } from "node:worker_threads";
import pLimit from "p-limit";
import { env } from "@/lib/env";

// bcrypt is slow on purpose (about 250 ms a hash at cost 12). Left alone, a burst of
// sign-ins, real or scripted, keeps every core busy and every other request waits behind
// it. Two limits keep browsing fast during a storm of sign-ins:
//
// - At most BCRYPT_CONCURRENCY hashes or comparisons run at once (half the cores by
//   default); the others queue. p-limit is the small, maintained promise queue of the
//   ecosystem for this.
// - Each runs on a hashing thread of its own at the lowest CPU priority (nice 19), so the
//   scheduler gives a core to a page request first and to bcrypt only what is left. A
//   storm makes sign-in slower, which also slows a guesser, and browsing barely notices
//   (docs/performance.md, item 6). Linux only: there setpriority() on the calling thread
//   changes that thread alone; elsewhere it would lower the whole server, so the threads
//   keep the normal priority.
//
// The threads are plain worker_threads running the bcrypt package's synchronous calls, a
// thread per slot, started when first needed and never keeping the process alive.

// The hashing thread's code. Evaluated, not a file of its own: the build bundles this
// module, and a worker file would need a path that survives bundling. `require` resolves
// from the server's working directory, the project, where bcrypt is installed.
const HASHING_THREAD = `
const { parentPort } = require("node:worker_threads");
const os = require("node:os");
if (process.platform === "linux") {
  try { os.setPriority(0, 19); } catch {}
}
const bcrypt = require("bcrypt");
parentPort.on("message", (job) => {
  try {
    const result = job.op === "hash" ? bcrypt.hashSync(job.password, job.cost) : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ result });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
`;

type Job = { op: "hash"; password: string; cost: number } | { op: "compare"; password: string; hash: string };

const slots = pLimit(env.BCRYPT_CONCURRENCY);
// Threads that are not hashing. A slot takes one, or starts one when there is none, so
// there are never more threads than slots.
const idle: Worker[] = [];

function startThread(): Worker {
  const thread = new Worker(HASHING_THREAD, { eval: true });
  thread.unref();
  // A thread that dies while idle (no input can make it: out of memory, a fault in native
  // code) leaves the pool, rather than failing the next job given to it; and its "error"
  // has a listener, so it does not end the whole server. Untestable from outside.
  // Stryker disable next-line BlockStatement,ArrowFunction,StringLiteral,ConditionalExpression,EqualityOperator,UnaryOperator,LogicalOperator,MethodExpression
  thread.once("exit", () => void (idle.includes(thread) && idle.splice(idle.indexOf(thread), 1)));
  // Stryker disable next-line ArrowFunction,StringLiteral
  thread.on("error", () => undefined);
  return thread;
}

function ask(thread: Worker, job: Job): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (answer: { result?: unknown; error?: string }) => {
      stopWatchingForCrash();
      if (answer.error === undefined) resolve(answer.result);
      else reject(new Error(`bcrypt: ${answer.error}`));
    };
    // A hashing thread emits "error" only when it crashes (out of memory, a fault in
    // bcrypt's native code), which no input can cause, so no test can see these lines.
    // Stryker disable BlockStatement,StringLiteral,ArrowFunction
    const onCrash = (error: Error) => {
      thread.off("message", onMessage);
      reject(error);
    };
    const stopWatchingForCrash = () => thread.off("error", onCrash);
    thread.once("error", onCrash);
    // Stryker restore BlockStatement,StringLiteral,ArrowFunction
    thread.once("message", onMessage);
    thread.postMessage(job);
  });
}

function run(job: Job): Promise<unknown> {
  return slots(async () => {
    const thread = idle.pop() ?? startThread();
    try {
      const result = await ask(thread, job);
      idle.push(thread);
      return result;
    } catch (error) {
      // Whatever went wrong (bcrypt refused its input, the thread died), that thread is
      // not used again; the slot starts a new one when next needed.
      await thread.terminate();
      throw error;
    }
  });
}

export async function hashPassword(password: string): Promise<string> {
  return (await run({ op: "hash", password, cost: env.BCRYPT_COST })) as string;
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return (await run({ op: "compare", password, hash })) as boolean;
}

// When the email is unknown, sign-in still runs one bcrypt comparison against this hash,
// so "no such account" takes as long as "wrong password" and timing reveals nothing.
// It is made once per process, at the configured cost, from a random throwaway password.
let dummyHash: Promise<string> | undefined;

export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
