import type { Logger } from 'pino';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  deferRow,
  INDEXED_ENTITIES,
  JOBS,
  markDone,
  markFailed,
  pendingCount,
  pendingIndexRows,
  type JobKind,
} from '../../db/repositories/outbox.repository.ts';
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
  /** First retry delay; doubles with every attempt up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How soon a job whose entity is not indexed yet is looked at again. */
  deferMs?: number;
}

/** Runs one job; a rejection is retried with backoff. Must be idempotent (a retry may follow a crash). */
export type JobHandler = (entityId: string) => Promise<unknown>;

type OutboxRow = typeof outbox.$inferSelect;

/**
 * Drains the outbox into the search engine. Rows are claimed with FOR UPDATE SKIP LOCKED and a
 * short lease, processed outside the transaction (embedding can be slow), then marked done; on
 * failure they come back with exponential backoff and, after `maxAttempts`, are dead-lettered.
 * A search outage therefore never fails a write: the index catches up when the engine recovers.
 *
 * Jobs (`handle(kind, fn)`, kinds in JOBS) share the queue, the lease, the backoff and the dead
 * letters. A worker claims only the kinds it can run, so a process without a handler (the reindex
 * command) leaves jobs to the app instances. A job runs after the index rows of its batch, and only
 * once no older index row of its entity is pending: a job enqueued with the posting's index row
 * sees the posting in the index. Rows are marked done after the work, so a crash in between runs
 * the job again when the lease expires: handlers are idempotent.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Handlers per kind; the latest registered runs (several apps may share one worker in tests). */
  private readonly jobs = new Map<JobKind, JobHandler[]>();
  private readonly o: Required<Omit<OutboxWorkerOptions, 'db' | 'engine' | 'embedder' | 'log'>> &
    OutboxWorkerOptions;

  constructor(opts: OutboxWorkerOptions) {
    this.o = {
      batchSize: 100,
      leaseMs: 60_000,
      maxAttempts: 8,
      pollMs: 250,
      backoffMs: 1_000,
      maxBackoffMs: 300_000,
      deferMs: 1_000,
      ...opts,
    };
  }

  /** Runs jobs of this kind from now on; returns a function that stops taking them. */
  handle(kind: JobKind, handler: JobHandler): () => void {
    this.jobs.set(kind, [...(this.jobs.get(kind) ?? []), handler]);
    return () => {
      const left = (this.jobs.get(kind) ?? []).filter((h) => h !== handler);
      if (left.length) this.jobs.set(kind, left);
      else this.jobs.delete(kind);
    };
  }

  /** Row kinds this worker claims: every indexed entity and the jobs it has a handler for. */
  private kinds(): string[] {
    return [...INDEXED_ENTITIES, ...this.jobs.keys()];
  }

  private retryAt(attempts: number): Date | null {
    if (attempts >= this.o.maxAttempts) return null;
    return new Date(Date.now() + Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempts - 1)));
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
        .where(
          and(
            eq(outbox.state, 'pending'),
            lte(outbox.availableAt, now),
            inArray(outbox.entityType, this.kinds()),
          ),
        )
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
    const jobs: OutboxRow[] = [];
    for (const r of batch) {
      if (r.entityType in JOBS) {
        jobs.push(r);
        continue;
      }
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
            await markFailed(db, id, message, this.retryAt(attempts));
          }
        }
        log.warn({ index, rows: rowIds.length, err: message }, 'indexing failed; will retry with backoff');
      }
    }

    // Jobs after the index rows of this batch, in id order.
    for (const r of jobs) await this.runJob(r);
    return batch.length;
  }

  private async runJob(r: OutboxRow): Promise<void> {
    const { db, log } = this.o;
    const kind = r.entityType as JobKind;
    const handler = this.jobs.get(kind)?.at(-1);
    if (!handler) {
      // Unregistered since the claim (shutting down): hand it back to whoever runs it next.
      await deferRow(db, r.id, new Date());
      return;
    }
    if ((await pendingIndexRows(db, JOBS[kind], r.entityId, r.id)) > 0) {
      await deferRow(db, r.id, new Date(Date.now() + this.o.deferMs));
      return;
    }
    try {
      await handler(r.entityId);
      await markDone(db, [r.id]);
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const retryAt = this.retryAt(r.attempts + 1);
      await markFailed(db, r.id, message, retryAt);
      if (retryAt)
        log.warn(
          { job: kind, entityId: r.entityId, attempt: r.attempts + 1, err: message },
          `${kind} job failed; will retry with backoff`,
        );
      else
        log.error(
          { job: kind, entityId: r.entityId, attempts: r.attempts + 1, err: message },
          `${kind} job failed for the last time; dead-lettered`,
        );
    }
  }

  /** Pending rows this worker would take (index rows and the jobs it has handlers for). */
  pending(): Promise<number> {
    return pendingCount(this.o.db, this.kinds());
  }
}
