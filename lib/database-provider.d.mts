export type DatabaseProvider = "sqlite" | "postgresql";

/** The Prisma provider for `url`: "sqlite" or "postgresql". Throws for any other scheme. */
export function databaseProvider(url: string | undefined): DatabaseProvider;

/** The schema and migrations folder of each provider, relative to the project root. */
export const PRISMA_FILES: Record<DatabaseProvider, { schema: string; migrations: string }>;
