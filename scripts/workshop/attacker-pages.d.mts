// Types for scripts/workshop/attacker-pages.mjs, for the unit test that ties each lab to a page.
export declare const ATTACKS: [path: string, title: string][];
export declare function escape(value: unknown): string;
