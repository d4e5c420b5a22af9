// Types for scripts/lab/labs.mjs, for the unit test that ties each lab to its docs and page.
export type Guard = { file: string; title: string };
export type Lab = { id: number; title: string; tests: Guard[]; attacker: string; hints: [string, string, string] };
export declare const labs: Lab[];
