export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  const v = process.env.TEST_DB ?? 'pglite';
  if (v !== 'pglite' && v !== 'postgres') throw new Error(`TEST_DB must be pglite or postgres, got ${v}`);
  return v;
}

/** The PostgreSQL server used by the postgres run (trust auth on this machine). */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
