/**
 * Keyset pages over rows created within one millisecond: cursors carry JavaScript dates
 * (milliseconds), so the stored instants must not be finer, or rows fall between pages.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { studentRepository } from '../../db/repositories/students.repository.ts';
import { organisations, students } from '../../db/schema/index.ts';
import { openTestDatabase } from '../support/database.ts';

let database: Database;
afterAll(() => database?.close());
beforeAll(async () => {
  database = await openTestDatabase();
});

it('pages one row at a time through rows created in the same millisecond, none skipped or repeated', async () => {
  const [org] = await database.db
    .insert(organisations)
    .values({ kind: 'university', name: '分页测试大学', region: '上海市' })
    .returning({ id: organisations.id });
  // Microseconds apart, as PostgreSQL's now() in separate transactions can be.
  const stamps = ['08:00:00.123100', '08:00:00.123200', '08:00:00.123300', '08:00:00.124000'];
  const inserted = await database.db
    .insert(students)
    .values(
      stamps.map((t, i) => ({
        orgId: org!.id,
        studentNo: `P${i}`,
        name: `学生${i}`,
        discipline: '0854',
        cohort: 2026,
        createdAt: sql`${`2026-03-01 ${t}+00`}::timestamptz`,
      })),
    )
    .returning({ id: students.id });

  const repo = studentRepository(database.db, org!.id);
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10; guard++) {
    const page = await repo.list({}, { cursor, limit: 1 });
    seen.push(...page.items.map((r) => r.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect(seen).toHaveLength(inserted.length);
  expect(new Set(seen)).toEqual(new Set(inserted.map((r) => r.id)));
});
