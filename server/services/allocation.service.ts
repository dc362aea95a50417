import type { Logger } from 'pino';
import type { Db } from '../../db/client.ts';
import {
  adjustMentorLoads,
  CLAIMED_PROGRESS,
  claimQueuedRun,
  findRun,
  insertOutcomes,
  insertRun,
  loadCohort,
  mentorLoadsOf,
  mentorNames,
  outcomesOf,
  publishedRun,
  removeLock,
  runsOf,
  setLock,
  setMaxPreferences,
  updateRun,
} from '../../db/repositories/allocation.repository.ts';
import { appendAudit } from '../../db/repositories/audit.repository.ts';
import { enqueueIndex } from '../../db/repositories/outbox.repository.ts';
import { studentOfUser } from '../../db/repositories/students.repository.ts';
import { students, thesisTopics } from '../../db/schema/index.ts';
import type { AllocationInstance, AllocationOptions } from '../../search/allocation/index.ts';
import { runAllocationInThread } from '../jobs/run-allocation.ts';
import type { Embedder } from '../../search/embedders/embedder.ts';
import { eq, inArray, sql } from 'drizzle-orm';
import { hasRole, type Actor } from '../auth/actor.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../errors.ts';
import type { ServiceContext } from './context.ts';
import type { NotificationItem, Notifier } from './notifier.ts';
import type { AllocationProgress } from '../events/schema.ts';

export interface RunRequest {
  orgId: string;
  cohort: number;
  mode: 'stable' | 'optimal';
  seed?: number;
  weights?: { rank?: number; affinity?: number };
  fairness?: boolean;
}

function requireGradAdmin(actor: Actor | null, orgId: string): Actor {
  if (!actor) throw new UnauthenticatedError();
  if (!hasRole(actor, orgId, 'grad_admin')) {
    throw new ForbiddenError(
      '只有本校研究生院可以运行和发布分配 / Only this university’s graduate school runs and publishes allocations',
    );
  }
  return actor;
}

const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/**
 * Snapshots a cohort into the engine's input. Topics without an industry mentor get a placeholder
 * mentor with the topic's own capacity, so only real mentors' capacities constrain the run.
 * Supervisors and mentors offer their remaining capacity: capacity − current load, where the load
 * this cohort's published run contributes does not count (publishing the new run replaces it).
 */
export async function buildInstance(
  db: Db,
  orgId: string,
  cohort: number,
  seed: number,
  embedder?: Embedder,
): Promise<AllocationInstance> {
  const c = await loadCohort(db, orgId, cohort);
  const open = new Set(c.topics.map((t) => t.id));
  const prefsBy = new Map<string, string[]>();
  for (const p of c.preferences)
    if (open.has(p.topicId)) prefsBy.set(p.studentId, [...(prefsBy.get(p.studentId) ?? []), p.topicId]);
  const byMentor = new Map(c.mentors.map((m) => [m.id, m]));
  const published = await publishedRun(db, orgId, cohort);
  const replaced = published ? await mentorLoadsOf(db, published.id) : new Map<string, number>();
  const left = (id: string) => {
    const m = byMentor.get(id);
    return m ? Math.max(0, m.capacity - Math.max(0, m.load - (replaced.get(id) ?? 0))) : 0;
  };
  // Affinity from the same embeddings the matcher uses: student profile vs topic text.
  let affinity: Map<string, Record<string, number>> | undefined;
  if (embedder && c.students.length && c.topics.length) {
    const sv = await embedder.embed(c.students.map((s) => `${s.skills.join(' ')}\n${s.statement}`));
    const tv = await embedder.embed(c.topics.map((t) => `${t.title}\n${t.description}`));
    const tIndex = new Map(c.topics.map((t, i) => [t.id, i]));
    affinity = new Map(
      c.students.map((s, i) => [
        s.id,
        Object.fromEntries(
          (prefsBy.get(s.id) ?? []).map((tid) => [
            tid,
            Math.max(0, Math.min(1, dot(sv[i]!, tv[tIndex.get(tid)!]!))),
          ]),
        ),
      ]),
    );
  }
  const supervisorIds = [...new Set(c.topics.map((t) => t.supervisorId))];
  const mentorIds = [...new Set(c.topics.flatMap((t) => (t.industryMentorId ? [t.industryMentorId] : [])))];
  return {
    seed,
    students: c.students.map((s) => ({
      id: s.id,
      name: s.name,
      preferences: prefsBy.get(s.id) ?? [],
      ...(affinity ? { affinity: affinity.get(s.id)! } : {}),
    })),
    topics: c.topics.map((t) => ({
      id: t.id,
      title: t.title,
      capacity: t.capacity,
      supervisorId: t.supervisorId,
      mentorId: t.industryMentorId ?? `none:${t.id}`,
    })),
    supervisors: supervisorIds.map((id) => ({ id, capacity: left(id), name: byMentor.get(id)?.name ?? id })),
    mentors: [
      ...mentorIds.map((id) => ({ id, capacity: left(id), name: byMentor.get(id)?.name ?? id })),
      ...c.topics
        .filter((t) => !t.industryMentorId)
        .map((t) => ({ id: `none:${t.id}`, capacity: t.capacity })),
    ],
    locked: c.locks
      .filter((l) => open.has(l.topicId))
      .map((l) => ({ studentId: l.studentId, topicId: l.topicId })),
  };
}

export async function createRun(
  ctx: ServiceContext,
  req: RunRequest,
  embedder: Embedder | undefined,
  kick: () => void,
) {
  const actor = requireGradAdmin(ctx.actor, req.orgId);
  const seed = req.seed ?? Math.floor(Math.random() * 2 ** 31);
  const input = await buildInstance(ctx.db, req.orgId, req.cohort, seed, embedder);
  if (!input.students.length)
    throw new ValidationError(`No students in cohort ${req.cohort}`, {
      cohort: 'no students in this cohort',
    });
  if (!input.topics.length)
    throw new ValidationError(`No open topics for cohort ${req.cohort}`, {
      cohort: 'no open topics in this cohort',
    });
  const options: AllocationOptions =
    req.mode === 'stable'
      ? { mode: 'stable', ...(req.weights ? { weights: req.weights } : {}) }
      : {
          mode: 'optimal',
          fairness: req.fairness ?? false,
          ...(req.weights ? { weights: req.weights } : {}),
        };
  const run = await ctx.db.transaction(async (tx) => {
    const r = await insertRun(tx, {
      orgId: req.orgId,
      cohort: req.cohort,
      mode: req.mode,
      options: options as unknown as Record<string, unknown>,
      seed,
      input: input as unknown as Record<string, unknown>,
      createdBy: actor.userId,
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: req.orgId,
      action: 'allocation.run',
      entityType: 'allocation',
      entityId: r.id,
      toState: 'queued',
      data: { cohort: req.cohort, mode: req.mode, seed },
    });
    return r;
  });
  kick();
  return run;
}

/** Executes queued runs in the background (any instance may take one). */
export class AllocationRunner {
  private readonly listeners = new Set<(p: AllocationProgress) => void>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  constructor(
    private readonly db: Db,
    private readonly notifier: Notifier,
    private readonly log: Logger,
  ) {}

  /**
   * Adds a listener for progress steps, told after each step commits (the app wires the event bus
   * here; listeners must not throw). Returns an unsubscribe function.
   */
  onProgress(listener: (p: AllocationProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private progressed(p: AllocationProgress): void {
    for (const l of this.listeners) {
      try {
        l(p);
      } catch (err) {
        this.log.error({ err, runId: p.runId }, 'allocation progress listener failed');
      }
    }
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
  kick(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), 0);
    this.timer.unref();
  }
  private async loop(): Promise<void> {
    if (this.running) return;
    this.running = this.drain()
      .catch((err: unknown) => this.log.error({ err }, 'allocation runner failed'))
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) {
          this.timer = setTimeout(() => void this.loop(), 2000);
          this.timer.unref();
        }
      });
    await this.running;
  }

  /** Runs every queued run; resolves when none is left (tests await this instead of sleeping). */
  async drain(): Promise<void> {
    for (;;) {
      const run = await this.db.transaction((tx) => claimQueuedRun(tx));
      if (!run) return;
      this.progressed({ runId: run.id, orgId: run.orgId, state: 'running', progress: CLAIMED_PROGRESS });
      await this.execute(
        run.id,
        run.input as unknown as AllocationInstance,
        run.options as unknown as AllocationOptions,
        run.createdBy,
        run.orgId,
      );
    }
  }

  private async execute(
    id: string,
    input: AllocationInstance,
    options: AllocationOptions,
    createdBy: string,
    orgId: string,
  ): Promise<void> {
    const started = performance.now();
    let progress = CLAIMED_PROGRESS;
    const step = async (n: number) => {
      await updateRun(this.db, id, { progress: n });
      progress = n;
      this.progressed({ runId: id, orgId, state: 'running', progress: n });
    };
    try {
      await step(20);
      const result = await runAllocationInThread(input, options);
      await step(80);
      const byStudent = new Map(result.assignments.map((a) => [a.studentId, a]));
      // The author's notice commits with the outcomes: a finished run is never later marked failed.
      const rows = await this.db.transaction(async (tx) => {
        await insertOutcomes(
          tx,
          result.students.map((s) => {
            const a = byStudent.get(s.studentId);
            return {
              runId: id,
              studentId: s.studentId,
              topicId: a?.topicId ?? null,
              supervisorId: a?.supervisorId ?? null,
              mentorId: a && !a.mentorId.startsWith('none:') ? a.mentorId : null,
              rank: a?.rank ?? null,
              locked: s.locked,
              reason: s.message,
            };
          }),
        );
        const { assignments: _a, students: _s, ...summary } = result;
        await updateRun(tx, id, {
          state: 'succeeded',
          progress: 100,
          finishedAt: new Date(),
          summary: {
            ...summary,
            assigned: result.assignments.length,
            total: result.students.length,
          } as unknown as Record<string, unknown>,
        });
        return this.notifier.record(tx, [createdBy], 'allocation.finished', {
          runId: id,
          orgId,
          assigned: result.assignments.length,
          unmatched: result.unmatched.count,
        });
      });
      this.progressed({ runId: id, orgId, state: 'succeeded', progress: 100 });
      this.notifier.deliver(rows);
      this.log.info(
        {
          runId: id,
          ms: Math.round(performance.now() - started),
          assigned: result.assignments.length,
          unmatched: result.unmatched.count,
        },
        'allocation run finished',
      );
    } catch (err) {
      const message =
        err instanceof Error && err.name === 'AllocationInputError'
          ? `输入有误 / invalid input: ${err.message}`
          : err instanceof Error
            ? err.message
            : String(err);
      await updateRun(this.db, id, { state: 'failed', error: message, finishedAt: new Date() });
      this.progressed({ runId: id, orgId, state: 'failed', progress });
      this.log.error({ runId: id, err }, 'allocation run failed');
    }
  }
}

export async function listRuns(
  ctx: ServiceContext,
  f: { orgId: string; cohort?: number },
  page: { cursor?: string; limit: number },
) {
  requireGradAdmin(ctx.actor, f.orgId);
  return runsOf(ctx.db, f.orgId, f.cohort, page);
}

async function ownRun(ctx: ServiceContext, id: string) {
  const run = await findRun(ctx.db, id);
  if (!run) throw new NotFoundError('Allocation run');
  requireGradAdmin(ctx.actor, run.orgId);
  return run;
}

export async function getRun(ctx: ServiceContext, id: string) {
  const { input: _input, ...run } = await ownRun(ctx, id);
  return run;
}

export async function outcomes(ctx: ServiceContext, id: string, page: { offset: number; limit: number }) {
  await ownRun(ctx, id);
  return outcomesOf(ctx.db, id, page);
}

/** Advisory-lock namespace for "publication of one university cohort" (two-key form). */
const PUBLISH_LOCK = 72_178;

/**
 * Publishes a finished run: it replaces the cohort's previous result, moves the mentors' load from
 * the previous run's assignments to this run's, and tells everyone concerned — one transaction.
 * Publications of one cohort are serialised, so the load is never counted twice.
 */
export async function publish(ctx: ServiceContext, id: string) {
  const run = await ownRun(ctx, id);
  const actor = ctx.actor!;
  if (run.state !== 'succeeded')
    throw new ConflictError('invalid_transition', `A run in state "${run.state}" cannot be published`);
  const rows = await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(${PUBLISH_LOCK}, hashtext(${`${run.orgId}:${run.cohort}`}))`,
    );
    // Re-read under the lock: a concurrent publication of the same run may have won.
    const current = await findRun(tx, id);
    if (current?.state !== 'succeeded')
      throw new ConflictError(
        'invalid_transition',
        `A run in state "${current?.state ?? 'deleted'}" cannot be published`,
      );
    const previous = await publishedRun(tx, run.orgId, run.cohort);
    if (previous) await updateRun(tx, previous.id, { state: 'superseded' });
    await updateRun(tx, id, { state: 'published', publishedAt: new Date(), publishedBy: actor.userId });
    const outs = await outcomesOf(tx, id);
    const assignedTopics = [...new Set(outs.flatMap((o) => (o.topicId ? [o.topicId] : [])))];
    if (assignedTopics.length)
      await tx
        .update(thesisTopics)
        .set({ state: 'allocated', updatedAt: new Date() })
        .where(inArray(thesisTopics.id, assignedTopics));

    // Mentors' current load: this run's students replace the previous publication's.
    const perMentor = new Map<string, number>();
    for (const o of outs)
      for (const m of [o.supervisorId, o.mentorId]) if (m) perMentor.set(m, (perMentor.get(m) ?? 0) + 1);
    const deltas = new Map(perMentor);
    if (previous)
      for (const [m, n] of await mentorLoadsOf(tx, previous.id)) deltas.set(m, (deltas.get(m) ?? 0) - n);
    const reloaded = await adjustMentorLoads(tx, deltas);
    // Capacity left is a search filter and a ranking signal.
    await enqueueIndex(tx, 'mentor', reloaded);

    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: run.orgId,
      action: 'allocation.publish',
      entityType: 'allocation',
      entityId: id,
      fromState: 'succeeded',
      toState: 'published',
      data: { supersedes: previous?.id ?? null },
    });
    // Every student of the run, and each supervisor and mentor with an account, hears the result:
    // one batch, so the inbox locks are taken once, in order, however large the cohort.
    const items: NotificationItem[] = [];
    for (const o of outs)
      if (o.userId)
        items.push({
          userId: o.userId,
          payload: {
            runId: id,
            topicId: o.topicId,
            topicTitle: o.topicTitle,
            rank: o.rank,
            reason: o.reason,
          },
        });
    const people = await mentorNames(tx, [...perMentor.keys()]);
    for (const p of people)
      if (p.userId) items.push({ userId: p.userId, payload: { runId: id, students: perMentor.get(p.id)! } });
    return ctx.notifier.recordEach(tx, 'allocation.published', items);
  });
  ctx.notifier.deliver(rows);
  return getRun(ctx, id);
}

export async function lock(ctx: ServiceContext, studentId: string, topicId: string) {
  const [s] = await ctx.db.select().from(students).where(eq(students.id, studentId));
  if (!s) throw new NotFoundError('Student');
  const actor = requireGradAdmin(ctx.actor, s.orgId);
  const [t] = await ctx.db.select().from(thesisTopics).where(eq(thesisTopics.id, topicId));
  if (!t || t.orgId !== s.orgId)
    throw new ValidationError('Lock a topic of the student’s own university', {
      topicId: 'not a topic of this university',
    });
  await ctx.db.transaction(async (tx) => {
    await setLock(tx, studentId, topicId, actor.userId);
    await appendAudit(tx, {
      actorId: actor.userId,
      orgId: s.orgId,
      action: 'allocation.lock',
      entityType: 'student',
      entityId: studentId,
      data: { topicId },
    });
  });
}

export async function unlock(ctx: ServiceContext, studentId: string) {
  const [s] = await ctx.db.select().from(students).where(eq(students.id, studentId));
  if (!s) throw new NotFoundError('Student');
  const actor = requireGradAdmin(ctx.actor, s.orgId);
  if (!(await removeLock(ctx.db, studentId))) throw new NotFoundError('Lock');
  await appendAudit(ctx.db, {
    actorId: actor.userId,
    orgId: s.orgId,
    action: 'allocation.unlock',
    entityType: 'student',
    entityId: studentId,
  });
}

export async function settings(ctx: ServiceContext, orgId: string, cohort: number, maxPreferences: number) {
  const actor = requireGradAdmin(ctx.actor, orgId);
  await setMaxPreferences(ctx.db, orgId, cohort, maxPreferences);
  await appendAudit(ctx.db, {
    actorId: actor.userId,
    orgId,
    action: 'allocation.settings',
    entityType: 'organisation',
    entityId: orgId,
    data: { cohort, maxPreferences },
  });
}

/** The calling student's published result: topic, both mentors, and why. */
export async function myResult(ctx: ServiceContext) {
  if (!ctx.actor) throw new UnauthenticatedError();
  const s = await studentOfUser(ctx.db, ctx.actor.userId);
  if (!s) throw new NotFoundError('Student profile');
  const run = await publishedRun(ctx.db, s.orgId, s.cohort);
  if (!run) return { published: false as const };
  const [o] = await outcomesOf(ctx.db, run.id, { studentId: s.id });
  if (!o) return { published: false as const };
  const names = await mentorNames(
    ctx.db,
    [o.supervisorId, o.mentorId].filter((x): x is string => !!x),
  );
  const name = (id: string | null) => (id ? (names.find((n) => n.id === id)?.name ?? null) : null);
  return {
    published: true as const,
    runId: run.id,
    publishedAt: run.publishedAt,
    status: o.topicId ? ('assigned' as const) : ('unmatched' as const),
    topicId: o.topicId,
    topicTitle: o.topicTitle,
    rank: o.rank,
    supervisorName: name(o.supervisorId),
    industryMentorName: name(o.mentorId),
    reason: o.reason,
  };
}
