export function postgresqlSchema(source: string): string;
export function readSchemas(): { expected: string; committed: string | null; target: string };
