import { and, asc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { preferences, students } from '../schema/index.ts';
import { containsText } from './filters.ts';
import { afterCursor, orderBy, pageOf, type Keyset } from './pagination.ts';

export type StudentRow = typeof students.$inferSelect;

/** Students are scoped to one university: every query names the organisation. */
export function studentRepository(db: DbOrTx, orgId: string) {
  return {
    async list(f: { q?: string; cohort?: number }, page: { cursor?: string; limit: number }) {
      const k: Keyset = { column: students.createdAt, id: students.id, direction: 'desc' };
      const conds: (SQL | undefined)[] = [eq(students.orgId, orgId), afterCursor(k, page.cursor, true)];
      if (f.cohort) conds.push(eq(students.cohort, f.cohort));
      if (f.q) conds.push(containsText(f.q, students.name, students.studentNo));
      const rows = await db
        .select()
        .from(students)
        .where(and(...conds))
        .orderBy(...orderBy(k))
        .limit(page.limit + 1);
      return pageOf(rows, page.limit, (v) => v.createdAt);
    },
    async get(id: string) {
      const [r] = await db
        .select()
        .from(students)
        .where(and(eq(students.id, id), eq(students.orgId, orgId)));
      return r;
    },
    /** Which of these student numbers this university already uses. */
    async takenNumbers(studentNos: string[]): Promise<Set<string>> {
      if (!studentNos.length) return new Set();
      const rows = await db
        .select({ studentNo: students.studentNo })
        .from(students)
        .where(and(eq(students.orgId, orgId), inArray(students.studentNo, studentNos)));
      return new Set(rows.map((r) => r.studentNo));
    },
    async insertMany(rows: Omit<typeof students.$inferInsert, 'orgId'>[]) {
      if (!rows.length) return [];
      return db
        .insert(students)
        .values(rows.map((r) => ({ ...r, orgId })))
        .returning();
    },
    async linkAccount(email: string, userId: string) {
      await db
        .update(students)
        .set({ userId })
        .where(
          and(eq(students.orgId, orgId), eq(students.email, email.toLowerCase()), isNull(students.userId)),
        );
    },
    preferences(studentId: string) {
      return db
        .select()
        .from(preferences)
        .where(eq(preferences.studentId, studentId))
        .orderBy(asc(preferences.rank));
    },
  };
}

/** The student row of an account, if any (a student acts only on their own row). */
export function studentOfUser(db: DbOrTx, userId: string) {
  return db
    .select()
    .from(students)
    .where(eq(students.userId, userId))
    .then((r) => r[0]);
}

export async function replacePreferences(db: DbOrTx, studentId: string, topicIds: string[]): Promise<void> {
  await db.delete(preferences).where(eq(preferences.studentId, studentId));
  if (topicIds.length) {
    await db.insert(preferences).values(topicIds.map((topicId, i) => ({ studentId, topicId, rank: i + 1 })));
  }
}
