import { ilike, or, type AnyColumn, type SQL } from 'drizzle-orm';

/** Case-insensitive substring match of `q` in any of `columns`; `%`, `_` and `\` in `q` match literally. */
export function containsText(q: string, ...columns: [AnyColumn, ...AnyColumn[]]): SQL {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return or(...columns.map((c) => ilike(c, like)))!;
}
