/**
 * Alerts are durable outbox jobs: the publish transition writes the job in its own transaction; a
 * failing pass is retried with backoff and delivers exactly once (also when it failed after the
 * notifications were committed); a worker that dies holding the job's lease is replaced by a new
 * worker over the same database, which delivers once the lease expires.
 */
import { and, asc, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { notifications, outbox } from '../../db/schema/index.ts';
import { OutboxWorker } from '../../server/jobs/outbox-worker.ts';
import {
  createAlerts,
  matcherScorer,
  type AffinityScorer,
  type Alerts,
} from '../../server/services/alerts.service.ts';
import {
  approvedIndustryMentor,
  platformAdmin,
  publishChallenge,
  registerOrg,
  type OrgHandle,
} from '../factories.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

const WAIT_MS = 15_000;
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

let t: TestApp;
let reviewer: Client;
let ent: OrgHandle;
let uni: OrgHandle;
let battery: OrgHandle & { mentorId: string };

const rowsFor = (entityId: string) =>
  t.database.db.select().from(outbox).where(eq(outbox.entityId, entityId)).orderBy(asc(outbox.id));

const jobRow = async (challengeId: string) => {
  const [r] = await t.database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.entityType, 'alert.challenge'), eq(outbox.entityId, challengeId)));
  return r!;
};

const alertsOf = (userId: string, challengeId: string) =>
  t.database.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .then((rows) =>
      rows.filter((n) => n.type === 'alert.challenge' && n.payload.challengeId === challengeId),
    );

/** A worker over the app's database, engine and embedder, with short retry delays. */
function worker(o: { leaseMs?: number } = {}) {
  return new OutboxWorker({
    db: t.database.db,
    engine: t.search.engine,
    embedder: t.search.embedder,
    log,
    backoffMs: 20,
    deferMs: 20,
    pollMs: 20,
    ...o,
  });
}

function alerts(scorer: AffinityScorer = matcherScorer(t.search.matcher)): Alerts {
  return createAlerts({ db: t.database.db, notifier: t.app.deps.notifier, scorer, log });
}

/** Runs passes until `done` holds; a short pause lets backoff and leases expire. Bounded. */
async function until(w: OutboxWorker, done: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    await w.runOnce();
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await platformAdmin(t.app, t.database);
  ent = await registerOrg(t.app, 'enterprise');
  uni = await registerOrg(t.app, 'university');
  battery = await approvedIndustryMentor(
    t.app,
    uni,
    '动力电池管理系统，储能系统建模与健康状态估计，锂离子电池寿命预测',
  );
  await t.search.worker.drain();
});
afterAll(() => t.close());
beforeEach(async () => {
  // The app's own worker stays out of the way: each test drives the workers it names.
  await t.search.worker.stop();
  return () => t.search.worker.start();
});

describe('alert jobs on the outbox', () => {
  it('are written by the publish transition, after the posting’s index row; a refused transition writes none', async () => {
    const c = await publishChallenge(ent, reviewer);
    const rows = await rowsFor(c.id);
    const job = rows.find((r) => r.entityType === 'alert.challenge');
    expect(job).toMatchObject({ state: 'pending', attempts: 0, op: 'upsert' });
    const indexRows = rows.filter((r) => r.entityType === 'challenge');
    expect(indexRows.length).toBeGreaterThan(0);
    expect(Math.max(...indexRows.map((r) => r.id))).toBeLessThan(job!.id);
    // Publishing again is refused (409) and rolls back: still exactly one job.
    expect(
      (await reviewer.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish', reason: '再次' }))
        .status,
    ).toBe(409);
    expect((await rowsFor(c.id)).filter((r) => r.entityType === 'alert.challenge')).toHaveLength(1);
    // A worker without an alert handler (e.g. the reindex command) indexes but leaves the job.
    const indexer = worker();
    await indexer.drain();
    expect(await jobRow(c.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await alertsOf(battery.userId, c.id)).toEqual([]);
  });

  it('a failing pass is retried with backoff and finally delivers exactly once', async () => {
    const c = await publishChallenge(ent, reviewer);
    const real = alerts();
    const scorer = matcherScorer(t.search.matcher);
    let calls = 0;
    const flaky: AffinityScorer = {
      score: (...args) => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('matcher unavailable')) : scorer.score(...args);
      },
    };
    const viaFlaky = alerts(flaky);
    let runs = 0;
    const w = worker();
    w.handle('alert.challenge', async (id) => {
      if (id !== c.id) return real.challengePublished(id); // an earlier test's job
      runs++;
      const out = await viaFlaky.challengePublished(id);
      // Second run: the notifications commit, then the pass dies before the job is marked done.
      if (runs === 2) throw new Error('lost before acknowledging');
      return out;
    });
    await until(w, async () => (await jobRow(c.id)).state === 'done', 'the alert job to finish');
    const job = await jobRow(c.id);
    expect(runs).toBe(3);
    expect(job.attempts).toBe(2); // the matcher failure, then the lost acknowledgement
    const mine = await alertsOf(battery.userId, c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.payload).toMatchObject({ challengeId: c.id, reasons: [{ mentorId: battery.mentorId }] });
    // Any further run (a retried trigger) finds the user alerted already.
    expect(await real.challengePublished(c.id)).toMatchObject({ notified: 0 });
    expect(await alertsOf(battery.userId, c.id)).toHaveLength(1);
  });

  it('a worker that dies holding the lease is replaced: a new worker over the same database delivers once', async () => {
    const c = await publishChallenge(ent, reviewer);
    // Worker A claims the job and never finishes it (the process "dies" in the middle).
    const a = worker({ leaseMs: 300 });
    let claimed!: () => void;
    const entered = new Promise<void>((r) => (claimed = r));
    a.handle('alert.challenge', () => {
      claimed();
      return new Promise<never>(() => {});
    });
    void a.runOnce();
    await entered;
    const leased = await jobRow(c.id);
    expect(leased).toMatchObject({ state: 'pending', attempts: 0 });
    expect(leased.availableAt.getTime()).toBeGreaterThan(Date.now());
    expect(await alertsOf(battery.userId, c.id)).toEqual([]);

    // "Restart": a new worker with the real alerts takes the job once A's lease has expired.
    const b = worker();
    const real = alerts();
    b.handle('alert.challenge', (id) => real.challengePublished(id));
    await until(b, async () => (await jobRow(c.id)).state === 'done', 'the restarted worker to deliver');
    expect(await alertsOf(battery.userId, c.id)).toHaveLength(1);
    expect((await jobRow(c.id)).attempts).toBe(0);
  });

  it('apps sharing one worker: the latest handler runs, and closing it hands the jobs back to the earlier one', async () => {
    const c = await publishChallenge(ent, reviewer);
    const w = worker();
    const ran: string[] = [];
    const real = alerts();
    const stopFirst = w.handle('alert.challenge', (id) => {
      ran.push(`first:${id}`);
      return real.challengePublished(id);
    });
    const stopSecond = w.handle('alert.challenge', () => Promise.reject(new Error('second app failing')));
    stopSecond();
    await until(w, async () => (await jobRow(c.id)).state === 'done', 'the first handler to run');
    expect(ran).toContain(`first:${c.id}`);
    expect((await jobRow(c.id)).attempts).toBe(0);
    stopFirst();
    expect(await alertsOf(battery.userId, c.id)).toHaveLength(1);
  });

  it('a job waits while the posting’s index row is pending (search outage), then runs', async () => {
    const c = await publishChallenge(ent, reviewer);
    const [idx] = (await rowsFor(c.id)).filter((r) => r.entityType === 'challenge');
    // Simulate an indexing backlog: the posting's index row is not due for a while.
    await t.database.db
      .update(outbox)
      .set({ availableAt: new Date(Date.now() + 60_000) })
      .where(eq(outbox.id, idx!.id));
    const w = worker();
    let runs = 0;
    const real = alerts();
    w.handle('alert.challenge', (id) => {
      if (id === c.id) runs++;
      return real.challengePublished(id);
    });
    await w.drain();
    expect(runs).toBe(0);
    expect(await jobRow(c.id)).toMatchObject({ state: 'pending', attempts: 0 });
    await t.database.db.update(outbox).set({ availableAt: new Date() }).where(eq(outbox.id, idx!.id));
    await until(w, async () => (await jobRow(c.id)).state === 'done', 'the deferred job to run');
    expect(runs).toBe(1);
    expect(await alertsOf(battery.userId, c.id)).toHaveLength(1);
  });
});
