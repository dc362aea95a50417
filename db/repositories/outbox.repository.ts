import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { outbox } from '../schema/index.ts';

export type IndexedEntity = 'challenge' | 'mentor' | 'capability' | 'topic';
export const INDEXED_ENTITIES: readonly IndexedEntity[] = ['challenge', 'mentor', 'capability', 'topic'];

/**
 * Jobs that ride on the outbox, each with the indexed entity it waits for: a job row runs once no
 * older index row of the same entity is pending, i.e. once the search index holds what the job's
 * transaction committed. Alerts on a published challenge or an opened topic are such jobs.
 */
export const JOBS = {
  'alert.challenge': 'challenge',
  'alert.topic': 'topic',
} as const satisfies Record<string, IndexedEntity>;
export type JobKind = keyof typeof JOBS;

/** Called inside the writing transaction, so the index change commits or rolls back with the data. */
export async function enqueueIndex(
  db: DbOrTx,
  entityType: IndexedEntity,
  entityIds: string[],
  op: 'upsert' | 'delete' = 'upsert',
): Promise<void> {
  if (entityIds.length === 0) return;
  await db.insert(outbox).values(entityIds.map((entityId) => ({ entityType, entityId, op })));
}

/** Called inside the transaction that makes the job due (e.g. the publish transition). */
export async function enqueueJob(db: DbOrTx, kind: JobKind, entityId: string): Promise<void> {
  await db.insert(outbox).values({ entityType: kind, entityId, op: 'upsert' });
}

/** Older index rows of this entity still pending (the job that waits for them is not due yet). */
export async function pendingIndexRows(
  db: DbOrTx,
  entityType: IndexedEntity,
  entityId: string,
  beforeId: number,
): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(
      and(
        eq(outbox.state, 'pending'),
        eq(outbox.entityType, entityType),
        eq(outbox.entityId, entityId),
        lt(outbox.id, beforeId),
      ),
    );
  return r?.n ?? 0;
}

/** Puts a row back for later without counting an attempt (it was not due yet). */
export async function deferRow(db: DbOrTx, id: number, until: Date): Promise<void> {
  await db.update(outbox).set({ availableAt: until }).where(eq(outbox.id, id));
}

export async function markDone(db: DbOrTx, ids: number[]): Promise<void> {
  if (ids.length)
    await db.update(outbox).set({ state: 'done', lastError: null }).where(inArray(outbox.id, ids));
}

export async function markFailed(db: DbOrTx, id: number, error: string, retryAt: Date | null): Promise<void> {
  await db
    .update(outbox)
    .set({
      attempts: sql`${outbox.attempts} + 1`,
      lastError: error.slice(0, 2000),
      state: retryAt ? 'pending' : 'dead',
      availableAt: retryAt ?? new Date(),
    })
    .where(eq(outbox.id, id));
}

/** Pending rows, of the given entity types and job kinds only when `types` is set. */
export async function pendingCount(db: DbOrTx, types?: readonly string[]): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(and(eq(outbox.state, 'pending'), types ? inArray(outbox.entityType, [...types]) : undefined));
  return r?.n ?? 0;
}

export async function deadLetters(db: DbOrTx, limit = 100) {
  return db.select().from(outbox).where(eq(outbox.state, 'dead')).orderBy(asc(outbox.id)).limit(limit);
}

/** Puts dead-lettered rows back in the queue (after the cause is fixed). */
export async function replayDead(db: DbOrTx): Promise<number> {
  const r = await db
    .update(outbox)
    .set({ state: 'pending', attempts: 0, availableAt: new Date() })
    .where(eq(outbox.state, 'dead'))
    .returning({ id: outbox.id });
  return r.length;
}
