// Types for scripts/workshop/attacker.mjs (plain JavaScript, run by Node without a build),
// for the e2e spec that drives it.
export declare const MALLORY: { name: string; email: string; password: string };

export type Attacker = {
  /** The attacker's origin, for example http://127.0.0.1:4000. */
  url: string;
  /** The sibling on the shop's own host name, for example http://localhost:4001. */
  siblingUrl: string;
  close(): Promise<unknown>;
};

export declare function startAttacker(options: {
  shopUrl: string;
  host?: string;
  attackerPort: number;
  siblingPort: number;
  /** The shop's SQLite file, which the referee reads. */
  databaseFile: string;
  /** The shop's JSON log, which the referee reads; null when there is none. */
  logFile: string | null;
  cookieName?: string;
}): Promise<Attacker>;
