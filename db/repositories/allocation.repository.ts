import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { afterCursor, orderBy, pageOf, type Keyset } from './pagination.ts';
import {
  allocationLocks,
  allocationOutcomes,
  allocationRuns,
  cohortSettings,
  mentors,
  preferences,
  students,
  thesisTopics,
} from '../schema/index.ts';

export type AllocationRunRow = typeof allocationRuns.$inferSelect;

/** Everything a run needs from the database for one university cohort. */
export async function loadCohort(db: DbOrTx, orgId: string, cohort: number) {
  const topics = await db
    .select()
    .from(thesisTopics)
    .where(
      and(eq(thesisTopics.orgId, orgId), eq(thesisTopics.cohort, cohort), eq(thesisTopics.state, 'open')),
    )
    .orderBy(asc(thesisTopics.id));
  const studs = await db
    .select()
    .from(students)
    .where(and(eq(students.orgId, orgId), eq(students.cohort, cohort)))
    .orderBy(asc(students.id));
  const prefs = studs.length
    ? await db
        .select()
        .from(preferences)
        .where(
          inArray(
            preferences.studentId,
            studs.map((s) => s.id),
          ),
        )
        .orderBy(asc(preferences.studentId), asc(preferences.rank))
    : [];
  const mentorIds = [
    ...new Set(topics.flatMap((t) => [t.supervisorId, t.industryMentorId].filter((x): x is string => !!x))),
  ];
  const ms = mentorIds.length ? await db.select().from(mentors).where(inArray(mentors.id, mentorIds)) : [];
  const locks = studs.length
    ? await db
        .select()
        .from(allocationLocks)
        .where(
          inArray(
            allocationLocks.studentId,
            studs.map((s) => s.id),
          ),
        )
    : [];
  return { topics, students: studs, preferences: prefs, mentors: ms, locks };
}

export async function maxPreferencesFor(
  db: DbOrTx,
  orgId: string,
  cohort: number,
  fallback: number,
): Promise<number> {
  const [r] = await db
    .select()
    .from(cohortSettings)
    .where(and(eq(cohortSettings.orgId, orgId), eq(cohortSettings.cohort, cohort)));
  return r?.maxPreferences ?? fallback;
}

export async function setMaxPreferences(db: DbOrTx, orgId: string, cohort: number, maxPreferences: number) {
  await db
    .insert(cohortSettings)
    .values({ orgId, cohort, maxPreferences })
    .onConflictDoUpdate({ target: [cohortSettings.orgId, cohortSettings.cohort], set: { maxPreferences } });
}

/** A university's runs, newest first, in keyset pages. */
export async function runsOf(
  db: DbOrTx,
  orgId: string,
  cohort: number | undefined,
  page: { cursor?: string; limit: number },
) {
  const k: Keyset = { column: allocationRuns.createdAt, id: allocationRuns.id, direction: 'desc' };
  const rows = await db
    .select({
      id: allocationRuns.id,
      orgId: allocationRuns.orgId,
      cohort: allocationRuns.cohort,
      mode: allocationRuns.mode,
      options: allocationRuns.options,
      seed: allocationRuns.seed,
      state: allocationRuns.state,
      progress: allocationRuns.progress,
      summary: allocationRuns.summary,
      error: allocationRuns.error,
      createdBy: allocationRuns.createdBy,
      createdAt: allocationRuns.createdAt,
      startedAt: allocationRuns.startedAt,
      finishedAt: allocationRuns.finishedAt,
      publishedAt: allocationRuns.publishedAt,
      publishedBy: allocationRuns.publishedBy,
    })
    .from(allocationRuns)
    .where(
      and(
        eq(allocationRuns.orgId, orgId),
        cohort ? eq(allocationRuns.cohort, cohort) : undefined,
        afterCursor(k, page.cursor, true),
      ),
    )
    .orderBy(...orderBy(k))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit, (r) => r.createdAt);
}

export function findRun(db: DbOrTx, id: string) {
  return db
    .select()
    .from(allocationRuns)
    .where(eq(allocationRuns.id, id))
    .then((r) => r[0]);
}

export async function insertRun(db: DbOrTx, v: typeof allocationRuns.$inferInsert) {
  const [r] = await db.insert(allocationRuns).values(v).returning();
  return r!;
}

export async function updateRun(db: DbOrTx, id: string, v: Partial<typeof allocationRuns.$inferInsert>) {
  await db.update(allocationRuns).set(v).where(eq(allocationRuns.id, id));
}

/** Progress of a run just claimed: it shows as started before the first step. */
export const CLAIMED_PROGRESS = 5;

/** Claims the oldest queued run; SKIP LOCKED lets several instances run jobs without clashing. */
export async function claimQueuedRun(tx: DbOrTx) {
  const [r] = await tx
    .select()
    .from(allocationRuns)
    .where(eq(allocationRuns.state, 'queued'))
    .orderBy(asc(allocationRuns.createdAt))
    .limit(1)
    .for('update', { skipLocked: true });
  if (!r) return undefined;
  await tx
    .update(allocationRuns)
    .set({ state: 'running', startedAt: new Date(), progress: CLAIMED_PROGRESS })
    .where(eq(allocationRuns.id, r.id));
  return r;
}

export async function insertOutcomes(db: DbOrTx, rows: (typeof allocationOutcomes.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 2000)
    await db.insert(allocationOutcomes).values(rows.slice(i, i + 2000));
}

export function outcomesOf(
  db: DbOrTx,
  runId: string,
  opts: { studentId?: string; offset?: number; limit?: number } = {},
) {
  return db
    .select({
      studentId: allocationOutcomes.studentId,
      studentName: students.name,
      studentNo: students.studentNo,
      userId: students.userId,
      topicId: allocationOutcomes.topicId,
      topicTitle: thesisTopics.title,
      supervisorId: allocationOutcomes.supervisorId,
      mentorId: allocationOutcomes.mentorId,
      rank: allocationOutcomes.rank,
      locked: allocationOutcomes.locked,
      reason: allocationOutcomes.reason,
    })
    .from(allocationOutcomes)
    .innerJoin(students, eq(students.id, allocationOutcomes.studentId))
    .leftJoin(thesisTopics, eq(thesisTopics.id, allocationOutcomes.topicId))
    .where(
      and(
        eq(allocationOutcomes.runId, runId),
        opts.studentId ? eq(allocationOutcomes.studentId, opts.studentId) : undefined,
      ),
    )
    .orderBy(asc(students.studentNo), asc(allocationOutcomes.studentId))
    .offset(opts.offset ?? 0)
    .limit(opts.limit ?? 100_000);
}

export async function publishedRun(db: DbOrTx, orgId: string, cohort: number) {
  const [r] = await db
    .select()
    .from(allocationRuns)
    .where(
      and(
        eq(allocationRuns.orgId, orgId),
        eq(allocationRuns.cohort, cohort),
        eq(allocationRuns.state, 'published'),
      ),
    );
  return r;
}

export async function setLock(db: DbOrTx, studentId: string, topicId: string, createdBy: string) {
  await db
    .insert(allocationLocks)
    .values({ studentId, topicId, createdBy })
    .onConflictDoUpdate({
      target: allocationLocks.studentId,
      set: { topicId, createdBy, createdAt: new Date() },
    });
}

export async function removeLock(db: DbOrTx, studentId: string): Promise<boolean> {
  const r = await db.delete(allocationLocks).where(eq(allocationLocks.studentId, studentId)).returning();
  return r.length > 0;
}

export function mentorNames(db: DbOrTx, ids: string[]) {
  return ids.length
    ? db
        .select({ id: mentors.id, name: mentors.name, userId: mentors.userId })
        .from(mentors)
        .where(inArray(mentors.id, ids))
    : Promise.resolve([]);
}

/** Students per mentor (as campus supervisor or industry mentor) in a run's outcomes. */
export async function mentorLoadsOf(db: DbOrTx, runId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ mentorId: sql<string>`m.id`, n: sql<number>`count(*)::int` })
    .from(
      sql`(select ${allocationOutcomes.supervisorId} as id from ${allocationOutcomes}
             where ${allocationOutcomes.runId} = ${runId} and ${allocationOutcomes.supervisorId} is not null
           union all
           select ${allocationOutcomes.mentorId} from ${allocationOutcomes}
             where ${allocationOutcomes.runId} = ${runId} and ${allocationOutcomes.mentorId} is not null) as m`,
    )
    .groupBy(sql`m.id`);
  return new Map(rows.map((r) => [r.mentorId, r.n]));
}

/**
 * Adds `delta` to each mentor's load (never below zero). Rows are locked in id order first, so
 * concurrent publications touching the same mentors wait for each other instead of deadlocking.
 */
export async function adjustMentorLoads(db: DbOrTx, deltas: Map<string, number>): Promise<string[]> {
  const changed = [...deltas].filter(([, d]) => d !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!changed.length) return [];
  const ids = changed.map(([id]) => id);
  await db
    .select({ id: mentors.id })
    .from(mentors)
    .where(inArray(mentors.id, ids))
    .orderBy(asc(mentors.id))
    .for('update');
  const json = JSON.stringify(changed.map(([id, delta]) => ({ id, delta })));
  const rows = await db
    .update(mentors)
    .set({ load: sql`greatest(0, ${mentors.load} + d.delta)`, updatedAt: new Date() })
    .from(sql`json_to_recordset(${json}::json) as d(id uuid, delta int)`)
    .where(sql`${mentors.id} = d.id`)
    .returning({ id: mentors.id });
  return rows.map((r) => r.id);
}

export const countOutcomes = (db: DbOrTx, runId: string) =>
  db
    .select({ n: sql<number>`count(*)::int` })
    .from(allocationOutcomes)
    .where(eq(allocationOutcomes.runId, runId))
    .then((r) => r[0]?.n ?? 0);
