import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { outbox } from '../schema/index.ts';

export type IndexedEntity = 'challenge' | 'mentor' | 'capability' | 'topic';

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

export async function pendingCount(db: DbOrTx): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(eq(outbox.state, 'pending'));
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
