import { and, asc, desc, gt, lt, or, eq, type AnyColumn, type SQL } from 'drizzle-orm';
import { ValidationError } from '../../server/errors.ts';

/**
 * Keyset pagination over (sort column, id). The cursor is the last row's values, opaque to clients.
 * Stable under concurrent inserts, unlike OFFSET.
 */
export interface Keyset {
  column: AnyColumn;
  id: AnyColumn;
  direction: 'asc' | 'desc';
}

export function encodeCursor(value: unknown, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([v, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string | number, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      return parsed as [string | number, string];
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('Invalid cursor; pass the nextCursor of the previous page unchanged', {
    cursor: 'invalid cursor',
  });
}

export function afterCursor(k: Keyset, cursor: string | undefined, isDate: boolean): SQL | undefined {
  if (!cursor) return undefined;
  const [raw, id] = decodeCursor(cursor);
  const value = isDate ? new Date(String(raw)) : raw;
  const cmp = k.direction === 'desc' ? lt : gt;
  return or(cmp(k.column, value), and(eq(k.column, value), cmp(k.id, id)));
}

export function orderBy(k: Keyset): SQL[] {
  const dir = k.direction === 'desc' ? desc : asc;
  return [dir(k.column), dir(k.id)];
}

/** Fetch `limit + 1` rows, then call this to split off the next cursor. */
export function pageOf<T extends { id: string }>(
  rows: T[],
  limit: number,
  sortValue: (row: T) => unknown,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1]!;
  return { items, nextCursor: encodeCursor(sortValue(last), last.id) };
}
