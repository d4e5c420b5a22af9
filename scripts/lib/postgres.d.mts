import type pg from "pg";

export const DEFAULT_POSTGRES_URL: string;
export function postgresServerUrl(): string;
export function databaseUrl(name: string, server?: string): string;
export function scratchName(prefix: string): string;
export function onServer<T>(run: (client: pg.Client) => Promise<T>, server?: string): Promise<T>;
export function postgresReachable(server?: string): Promise<{ ok: true } | { ok: false; reason: string }>;
export function createDatabase(name: string, options?: { template?: string }, server?: string): Promise<string>;
export function dropDatabase(name: string, server?: string): Promise<void>;
export function dropDatabases(prefix: string, server?: string): Promise<void>;
