import type { Logger } from 'pino';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { markDone, markFailed, pendingCount } from '../../db/repositories/outbox.repository.ts';
import { outbox } from '../../db/schema/index.ts';
import type { Embedder } from '../../search/embedders/embedder.ts';
import type { SearchEngine } from '../../search/engine.ts';
import { embeddingText, type IndexName } from '../../search/indexes.ts';
import { docsFor, ENTITY_INDEX } from '../search/documents.ts';

export interface OutboxWorkerOptions {
  db: Db;
  engine: SearchEngine;
  embedder: Embedder;
  log: Logger;
  batchSize?: number;
  /** How long a claimed row is hidden from other instances while it is processed. */
  leaseMs?: number;
  /** Attempts before a row is dead-lettered (state 'dead', kept for inspection and replay). */
  maxAttempts?: number;
  pollMs?: number;
}

/**
 * Drains the outbox into the search engine. Rows are claimed with FOR UPDATE SKIP LOCKED and a
 * short lease, processed outside the transaction (embedding can be slow), then marked done; on
 * failure they come back with exponential backoff and, after `maxAttempts`, are dead-lettered.
 * A search outage therefore never fails a write: the index catches up when the engine recovers.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly o: Required<Omit<OutboxWorkerOptions, 'db' | 'engine' | 'embedder' | 'log'>> &
    OutboxWorkerOptions;

  constructor(opts: OutboxWorkerOptions) {
    this.o = { batchSize: 100, leaseMs: 60_000, maxAttempts: 8, pollMs: 250, ...opts };
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Process soon (called after writes so the index is fresh within milliseconds). */
  kick(): void {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) return; // the running pass reschedules itself
    this.running = this.runOnce()
      .then((n) => {
        if (!this.stopped) this.schedule(n > 0 ? 0 : this.o.pollMs);
      })
      .catch((err: unknown) => {
        this.o.log.error({ err }, 'outbox pass failed');
        if (!this.stopped) this.schedule(this.o.pollMs * 4);
      })
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }

  /** Processes until nothing is due; resolves when the index reflects every committed write. */
  async drain(): Promise<void> {
    // A background pass may hold leased rows: let it finish, then take what is left.
    await this.running;
    while ((await this.runOnce()) > 0);
    await this.running;
  }

  /** One batch; returns how many rows were handled. */
  async runOnce(): Promise<number> {
    const { db, engine, embedder, log } = this.o;
    const now = new Date();
    const batch = await db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outbox)
        .where(and(eq(outbox.state, 'pending'), lte(outbox.availableAt, now)))
        .orderBy(asc(outbox.id))
        .limit(this.o.batchSize)
        .for('update', { skipLocked: true });
      if (rows.length) {
        await tx
          .update(outbox)
          .set({ availableAt: new Date(now.getTime() + this.o.leaseMs) })
          .where(
            inArray(
              outbox.id,
              rows.map((r) => r.id),
            ),
          );
      }
      return rows;
    });
    if (!batch.length) return 0;

    // Group by index; the latest op per entity wins (an upsert after a delete re-creates it).
    const groups = new Map<IndexName, Map<string, { ids: number[]; op: 'upsert' | 'delete' }>>();
    for (const r of batch) {
      const index = ENTITY_INDEX[r.entityType];
      if (!index) {
        await markFailed(db, r.id, `unknown entity type ${r.entityType}`, null);
        continue;
      }
      const g = groups.get(index) ?? new Map<string, { ids: number[]; op: 'upsert' | 'delete' }>();
      const e = g.get(r.entityId) ?? { ids: [], op: r.op };
      e.ids.push(r.id);
      e.op = r.op;
      g.set(r.entityId, e);
      groups.set(index, g);
    }

    for (const [index, entities] of groups) {
      const rowIds = [...entities.values()].flatMap((e) => e.ids);
      try {
        const upsertIds = [...entities].filter(([, e]) => e.op === 'upsert').map(([id]) => id);
        const docs = await docsFor(db, index, upsertIds);
        const found = new Set(docs.map((d) => d.id));
        const gone = [...entities].filter(([id, e]) => e.op === 'delete' || !found.has(id)).map(([id]) => id);
        if (docs.length) {
          const vectors = await embedder.embed(
            docs.map((d) => embeddingText(index, d as unknown as Record<string, unknown>)),
          );
          await engine.upsert(
            index,
            docs.map((d, i) => ({ ...(d as unknown as Record<string, unknown>), _vector: vectors[i]! })),
          );
        }
        if (gone.length) await engine.delete(index, gone);
        await markDone(db, rowIds);
      } catch (err) {
        const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        for (const e of entities.values()) {
          for (const id of e.ids) {
            const attempts = (batch.find((b) => b.id === id)?.attempts ?? 0) + 1;
            const retryAt =
              attempts >= this.o.maxAttempts
                ? null
                : new Date(Date.now() + Math.min(300_000, 500 * 2 ** attempts));
            await markFailed(db, id, message, retryAt);
          }
        }
        log.warn({ index, rows: rowIds.length, err: message }, 'indexing failed; will retry with backoff');
      }
    }
    return batch.length;
  }

  pending(): Promise<number> {
    return pendingCount(this.o.db);
  }
}
