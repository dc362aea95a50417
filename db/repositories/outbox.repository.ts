import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
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

/**
 * Claims a batch of due rows. `FOR UPDATE SKIP LOCKED` lets several app instances drain one
 * outbox without taking the same row twice; must run inside a transaction.
 */
export function claimBatch(tx: DbOrTx, limit: number, now = new Date()) {
  return tx
    .select()
    .from(outbox)
    .where(and(eq(outbox.state, 'pending'), lte(outbox.availableAt, now)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
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

/** Deletes finished rows so the table stays small. */
export async function pruneDone(db: DbOrTx): Promise<void> {
  await db.delete(outbox).where(eq(outbox.state, 'done'));
}
