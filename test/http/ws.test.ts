/**
 * Real-time delivery over real sockets: a listening app on 127.0.0.1 (port 0), the `ws` client,
 * the real database (PGlite or PostgreSQL per TEST_DB). Every wait resolves on the event it waits
 * for and is bounded, so a failure reports what never arrived instead of hanging.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import WebSocket from 'ws';
import { openDatabase, type Database } from '../../db/client.ts';
import type { NotificationRow } from '../../db/repositories/notifications.repository.ts';
import { insertSession } from '../../db/repositories/sessions.repository.ts';
import { insertRun } from '../../db/repositories/allocation.repository.ts';
import { memberships, notifications, sessions } from '../../db/schema/index.ts';
import { buildApp, type App } from '../../server/app.ts';
import { newToken, sha256 } from '../../server/auth/tokens.ts';
import { loadConfig } from '../../server/config.ts';
import type { HubOptions } from '../../server/events/hub.ts';
import type { ServerMessage } from '../../server/events/schema.ts';
import { createSearchRuntime } from '../../server/search/runtime.ts';
import { AllocationRunner } from '../../server/services/allocation.service.ts';
import { createNotifier } from '../../server/services/notifier.ts';
import {
  activeMentor,
  addMember,
  createChallenge,
  createTopic,
  platformAdmin,
  registerOrg,
  type OrgHandle,
} from '../factories.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { testDbKind } from '../support/env.ts';

const WAIT_MS = 10_000;

/** A test client that records every message and lets a test await one, with a bound. */
class Probe {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as ServerMessage;
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string, headers: Record<string, string> = {}, opts: WebSocket.ClientOptions = {}) {
    return new Promise<Probe>((resolve, reject) => {
      const ws = new WebSocket(url, { headers, ...opts });
      const probe = new Probe(ws);
      ws.once('open', () => resolve(probe));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  /** The first message (already received or future) matching `pred`. */
  waitFor(pred: (m: ServerMessage) => boolean, what = 'a message', ms = WAIT_MS): Promise<ServerMessage> {
    const have = this.messages.find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Waits for the `ready` that ends the current resume (the n-th one). */
  ready(n = 1) {
    return this.waitFor(
      () => this.messages.filter((m) => m.event === 'ready').length >= n,
      `ready #${n}`,
    ).then(
      () => this.messages.filter((m) => m.event === 'ready')[n - 1] as ServerMessage & { event: 'ready' },
    );
  }

  closedWithin(ms = WAIT_MS) {
    return Promise.race([
      this.closed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('socket not closed')), ms).unref()),
    ]);
  }

  ids(): number[] {
    return this.messages.flatMap((m) => (m.event === 'notification' ? [m.id] : []));
  }
}

function wsUrl(app: App, query = ''): string {
  const a = app.server.address();
  if (!a || typeof a === 'string') throw new Error('not listening');
  return `ws://127.0.0.1:${a.port}/api/v1/ws${query}`;
}

/**
 * Another app instance over `database` (its own connection on PostgreSQL), with its own search
 * runtime, notifier, allocation runner (never started: runs execute on the main app) and event bus.
 * Dependencies this suite does not exercise are borrowed from the main test app, so the helper keeps
 * compiling as AppDeps grows.
 */
async function startApp(database: Database, hub: Partial<HubOptions> = {}): Promise<App> {
  const config = loadConfig({ WEB_DIST: '/nonexistent', DEMO_DATA: 'false', LOG_LEVEL: 'silent' });
  const log = pino({ level: 'silent' });
  const search = await createSearchRuntime({ config, db: database.db, log });
  const notifier = createNotifier();
  const app = await buildApp({
    ...t.app.deps,
    config,
    database,
    search,
    notifier,
    jobs: { allocation: new AllocationRunner(database.db, notifier, log) },
    logger: log,
    realtime: { hub },
  });
  app.addHook('onClose', () => search.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

/** Records one notification through the real Notifier (transaction, then after-commit delivery). */
async function notify(t: { app: App }, userId: string, n: number) {
  const { notifier, database } = t.app.deps;
  const rows = await database.db.transaction((tx) => notifier.record(tx, [userId], 'pool.changed', { n }));
  notifier.deliver(rows);
  return rows[0]!.id;
}

/** A university with one open topic and two students in cohort 2026: enough for a run. */
async function universityCohort(): Promise<OrgHandle> {
  const uni = await registerOrg(t.app, 'university');
  const sup = await activeMentor(uni);
  const topic = await createTopic(uni, sup.id, null, { cohort: 2026 });
  for (const action of ['propose', 'approve', 'open'])
    expect((await uni.client.post(`/api/v1/topics/${topic.id}/transitions`, { action })).status).toBe(200);
  const stamp = randomUUID().slice(0, 8);
  const students = await uni.client.post('/api/v1/students', {
    orgId: uni.orgId,
    students: [1, 2].map((i) => ({
      studentNo: `W${stamp}${i}`,
      name: `学生${i}`,
      discipline: '0808',
      cohort: 2026,
      degreeType: 'professional',
    })),
  });
  expect(students.status).toBe(201);
  return uni;
}

/** Closes sockets a test is done with, so later tests' broadcasts do not go to them. */
async function closeAll(probes: Probe[]) {
  for (const p of probes) p.ws.close();
  await Promise.all(probes.map((p) => p.closed));
}

const progressOf = (p: Probe, runId: string) =>
  p.messages.flatMap((m) =>
    m.event === 'allocation.progress' && m.runId === runId ? [`${m.state}:${m.progress}`] : [],
  );

/**
 * Waits until a broadcast sent after everything else reaches `probes`: a socket's messages arrive
 * in order, so anything misrouted to them would be there by then.
 */
async function flushed(app: App, probes: Probe[]) {
  const at = new Date(Date.now() + Math.floor(Math.random() * 1e9)).toISOString();
  await app.realtime.bus.publish({ type: 'kpi.updated', topics: ['students'], at });
  await Promise.all(
    probes.map((p) => p.waitFor((m) => m.event === 'kpi.updated' && m.at === at, `marker ${at}`)),
  );
}

async function inboxIds(db: Database['db'], userId: string, after: number): Promise<number[]> {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.userId, userId));
  return rows
    .map((r) => r.id)
    .filter((id) => id > after)
    .sort((a, b) => a - b);
}

/**
 * Writes big notifications for `userId` in batches and hints `app` after each, until `until`
 * settles (bounded): kernel socket buffers absorb several MB before the hub's own bound matters.
 */
async function flood(app: App, userId: string, until: Promise<unknown>) {
  let done = false;
  void until.then(() => (done = true));
  const written: NotificationRow[] = [];
  for (let batch = 0; batch < 40 && !done; batch++) {
    const rows = await t.database.db
      .insert(notifications)
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          userId,
          type: 'pool.changed',
          payload: { i: batch * 100 + i, note: 'x'.repeat(20_000) },
        })),
      )
      .returning();
    written.push(...rows);
    app.deps.notifier.deliver(rows);
    await Promise.race([until, app.realtime.hub.settled()]);
  }
  await Promise.race([
    until,
    new Promise((_, reject) => setTimeout(() => reject(new Error('flood: never reached')), WAIT_MS).unref()),
  ]);
  return written;
}

let t: TestApp;
let reviewer: Client;
let ent: OrgHandle;
let other: OrgHandle;
const open: Probe[] = [];
const connect = async (h: OrgHandle | Client, query = '') => {
  const cookie = 'client' in h ? h.client.cookie : h.cookie;
  const p = await Probe.open(wsUrl(t.app, query), { cookie: cookie! });
  open.push(p);
  return p;
};

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  reviewer = await platformAdmin(t.app, t.database);
  ent = await registerOrg(t.app, 'enterprise');
  other = await registerOrg(t.app, 'enterprise');
});
afterAll(async () => {
  for (const p of open) p.ws.terminate();
  await t.close();
});

describe('GET /api/v1/ws: authentication', () => {
  it('refuses an upgrade without a session, with an unknown session, and from a foreign origin', async () => {
    await expect(Probe.open(wsUrl(t.app))).rejects.toMatchObject({ status: 401 });
    await expect(Probe.open(wsUrl(t.app), { cookie: 'cj_session=not-a-session' })).rejects.toMatchObject({
      status: 401,
    });
    await expect(
      Probe.open(wsUrl(t.app), { cookie: ent.client.cookie!, origin: 'https://evil.example' }),
    ).rejects.toMatchObject({ status: 403 });
    // Our own page (same host) is fine.
    const a = t.app.server.address() as { port: number };
    const p = await Probe.open(wsUrl(t.app), {
      cookie: ent.client.cookie!,
      origin: `http://127.0.0.1:${a.port}`,
    });
    open.push(p);
    await p.ready();
  });

  it('rejects a malformed cursor with 400 and a plain GET with 426', async () => {
    await expect(Probe.open(wsUrl(t.app, '?after=-3'), { cookie: ent.client.cookie! })).rejects.toMatchObject(
      {
        status: 400,
      },
    );
    const res = await ent.client.get('/api/v1/ws');
    expect(res.status).toBe(426);
  });

  it('publishes the protocol as JSON Schema in the OpenAPI document', async () => {
    const res = await ent.client.get('/api/v1/ws/protocol');
    expect(res.status).toBe(200);
    expect(res.body.closeCodes).toMatchObject({ sessionEnded: 4401, tooSlow: 4008 });
    expect(JSON.stringify(res.body.serverMessage)).toContain('kpi.updated');
    expect(JSON.stringify(res.body.serverMessage)).toContain('allocation.progress');
    const spec = t.app.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toContain('/api/v1/ws/protocol');
  });
});

describe('per-user delivery', () => {
  it('a user receives their workflow notifications live, and never another user’s', async () => {
    const x = await connect(ent);
    const y = await connect(other);
    await Promise.all([x.ready(), y.ready()]);

    // X's enterprise gets challenge.submit → publish notifications through the real workflow.
    const c = await createChallenge(ent);
    expect(
      (await ent.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' })).status,
    ).toBe(200);
    expect(
      (await reviewer.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish', reason: 'ok' }))
        .status,
    ).toBe(200);
    const got = await x.waitFor(
      (m) => m.event === 'notification' && m.type === 'challenge.publish' && m.payload.challengeId === c.id,
      'challenge.publish for X',
    );
    expect(got).toMatchObject({ event: 'notification', payload: { title: c.title, to: 'published' } });

    // Then something for Y only; once it is in, anything misrouted to Y would be there too.
    const yId = await notify(t, other.userId, 1);
    await y.waitFor((m) => m.event === 'notification' && m.id === yId, 'Y’s own notification');
    await t.app.realtime.settled();
    expect(y.messages.filter((m) => m.event === 'notification').map((m) => m.id)).toEqual([yId]);
    expect(x.ids()).not.toContain(yId);
    // KPI broadcasts carry no data and reach everyone.
    await y.waitFor((m) => m.event === 'kpi.updated', 'kpi.updated');
  });
});

describe('allocation progress', () => {
  it('reaches the graduate-school admins of the run’s university only, from claim to 100 %', async () => {
    const uni = await universityCohort();
    const colleague = await addMember(t.app, uni, 'grad_admin');
    const student = await addMember(t.app, uni, 'student');
    const otherUni = await registerOrg(t.app, 'university');
    const [author, peer, stud, stranger, enterprise] = await Promise.all(
      [uni, colleague, student, otherUni, ent].map((h) => connect(h)),
    );
    await Promise.all([author, peer, stud, stranger, enterprise].map((p) => p!.ready()));

    const res = await uni.client.post('/api/v1/allocation/runs', {
      orgId: uni.orgId,
      cohort: 2026,
      mode: 'stable',
      seed: 3,
    });
    expect(res.status).toBe(202);
    const runId = res.body.id as string;
    await t.app.deps.jobs.allocation.drain();
    for (const p of [author!, peer!]) {
      const done = await p.waitFor(
        (m) => m.event === 'allocation.progress' && m.runId === runId && m.state === 'succeeded',
        'allocation.progress succeeded',
      );
      expect(done).toEqual({
        event: 'allocation.progress',
        runId,
        orgId: uni.orgId,
        state: 'succeeded',
        progress: 100,
      });
      expect(progressOf(p, runId)).toEqual(['running:5', 'running:20', 'running:80', 'succeeded:100']);
    }
    // The pushed state is what GET /runs/:id answers.
    expect((await colleague.client.get(`/api/v1/allocation/runs/${runId}`)).body).toMatchObject({
      state: 'succeeded',
      progress: 100,
    });

    await flushed(t.app, [stud!, stranger!, enterprise!]);
    for (const p of [stud!, stranger!, enterprise!])
      expect(p.messages.filter((m) => m.event === 'allocation.progress')).toEqual([]);
    await closeAll([author!, peer!, stud!, stranger!, enterprise!]);
  });

  it('a failed run is pushed as failed at the step it reached', async () => {
    const uni = await universityCohort();
    const p = await connect(uni);
    await p.ready();
    // Options the engine refuses (a negative weight) make the run fail once it starts.
    const run = await insertRun(t.database.db, {
      orgId: uni.orgId,
      cohort: 2026,
      mode: 'stable',
      options: { mode: 'stable', weights: { rank: -1 } },
      seed: 1,
      input: { seed: 1, students: [], topics: [], supervisors: [], mentors: [], locked: [] },
      createdBy: uni.userId,
    });
    await t.app.deps.jobs.allocation.drain();
    await p.waitFor(
      (m) => m.event === 'allocation.progress' && m.runId === run.id && m.state === 'failed',
      'allocation.progress failed',
    );
    expect(progressOf(p, run.id)).toEqual(['running:5', 'running:20', 'failed:20']);
    expect((await uni.client.get(`/api/v1/allocation/runs/${run.id}`)).body.state).toBe('failed');
    await closeAll([p]);
  });

  it('follows roles granted after the handshake once the session check re-reads them', async () => {
    const uni = await universityCohort();
    const member = await addMember(t.app, uni, 'supervisor');
    const p = await connect(member);
    await p.ready();
    await t.database.db
      .insert(memberships)
      .values({ userId: member.userId, orgId: uni.orgId, role: 'grad_admin' });
    await t.app.realtime.hub.checkSessions();
    const res = await uni.client.post('/api/v1/allocation/runs', {
      orgId: uni.orgId,
      cohort: 2026,
      mode: 'stable',
    });
    await t.app.deps.jobs.allocation.drain();
    await p.waitFor(
      (m) => m.event === 'allocation.progress' && m.runId === res.body.id && m.state === 'succeeded',
      'allocation.progress after the role was granted',
    );
    await closeAll([p]);
  });
});

describe('resume from the inbox', () => {
  it('a reconnecting client gets what it missed exactly once, in id order, then live events', async () => {
    const u = await registerOrg(t.app, 'enterprise');
    const first = await connect(u, '?after=0');
    const r0 = await first.ready();
    const live = [await notify(t, u.userId, 1), await notify(t, u.userId, 2)];
    await first.waitFor((m) => m.event === 'notification' && m.id === live[1], 'second live notification');
    expect(first.ids()).toEqual(live);
    const seen = first.ids().at(-1)!;
    first.ws.close();
    await first.closed;

    const missed = [await notify(t, u.userId, 3), await notify(t, u.userId, 4), await notify(t, u.userId, 5)];
    const again = await connect(u, `?after=${seen}`);
    const r = await again.ready();
    expect(r).toMatchObject({ replayed: 3, lastId: missed[2] });
    const next = await notify(t, u.userId, 6);
    await again.waitFor((m) => m.event === 'notification' && m.id === next, 'live notification after resume');
    expect(again.ids()).toEqual([...missed, next]);
    expect(r0.lastId).toBeLessThan(live[0]!);
  });

  it('notifications committed while the backlog is replayed arrive once each, in order', async () => {
    const u = await registerOrg(t.app, 'enterprise');
    // A backlog larger than one page (200), then writes racing the replay, some in parallel.
    await t.database.db
      .insert(notifications)
      .values(
        Array.from({ length: 450 }, (_, i) => ({ userId: u.userId, type: 'pool.changed', payload: { i } })),
      );
    const p = Probe.open(wsUrl(t.app, '?after=0'), { cookie: u.client.cookie! });
    const racing: Promise<number>[] = [];
    for (let i = 0; i < 10; i++) racing.push(notify(t, u.userId, 1000 + i));
    const probe = await p;
    open.push(probe);
    await Promise.all(racing);
    await Promise.all(Array.from({ length: 30 }, (_, i) => notify(t, u.userId, 2000 + i)));
    const expected = await inboxIds(t.database.db, u.userId, 0);
    expect(expected).toHaveLength(490);
    await probe.waitFor(
      (m) => m.event === 'notification' && m.id === expected.at(-1),
      'the last notification',
    );
    await t.app.realtime.settled();
    expect(probe.ids()).toEqual(expected);
    expect(probe.messages.filter((m) => m.event === 'ready')).toHaveLength(1);
  });

  it('a resume message on an open socket replays from the given id', async () => {
    const u = await registerOrg(t.app, 'enterprise');
    const a = await notify(t, u.userId, 1);
    const b = await notify(t, u.userId, 2);
    const p = await connect(u);
    expect((await p.ready()).lastId).toBe(b);
    p.ws.send(JSON.stringify({ type: 'resume', after: a - 1 }));
    expect(await p.ready(2)).toMatchObject({ replayed: 2, lastId: b });
    expect(p.ids()).toEqual([a, b]);
    p.ws.send('{"type":"subscribe"}');
    expect(await p.waitFor((m) => m.event === 'error', 'error reply')).toMatchObject({ code: 'bad_message' });
    p.ws.send('{"type":"ping"}');
    await p.waitFor((m) => m.event === 'pong', 'pong');
  });
});

describe('session end', () => {
  it('logging out closes the session’s sockets with 4401', async () => {
    const u = await registerOrg(t.app, 'enterprise');
    const p = await connect(u);
    await p.ready();
    expect((await u.client.post('/api/v1/auth/logout')).status).toBe(200);
    expect((await p.closedWithin()).code).toBe(4401);
  });

  it('an expired session’s socket is closed when it expires, and a deleted one on the next check', async () => {
    const u = await registerOrg(t.app, 'enterprise');
    const token = newToken();
    await insertSession(t.database.db, {
      tokenHash: sha256(token),
      userId: u.userId,
      csrfToken: newToken(),
      expiresAt: new Date(Date.now() + 3000),
    });
    const short = await Probe.open(wsUrl(t.app), { cookie: `cj_session=${token}` });
    open.push(short);
    await short.ready();
    expect((await short.closedWithin()).code).toBe(4401);

    const p = await connect(u);
    await p.ready();
    await t.database.db.delete(sessions).where(eq(sessions.userId, u.userId));
    expect(await t.app.realtime.hub.checkSessions()).toBeGreaterThanOrEqual(1);
    expect((await p.closedWithin()).code).toBe(4401);
  });
});

describe('heartbeats and back-pressure', () => {
  it('terminates a socket that stops answering pings', async () => {
    const app = await startApp(t.database, { pingIntervalMs: 100 });
    try {
      const u = await registerOrg(t.app, 'enterprise');
      const p = await Probe.open(wsUrl(app), { cookie: u.client.cookie! }, { autoPong: false });
      open.push(p);
      await p.ready();
      expect((await p.closedWithin()).code).toBe(1006);
    } finally {
      await app.close();
    }
  });

  it('pauses inbox delivery to a client that stops reading, within the buffer bound, and resumes it exactly once', async () => {
    const max = 256 * 1024;
    const app = await startApp(t.database, { maxBufferedBytes: max, slowTimeoutMs: 120_000 });
    try {
      const u = await registerOrg(t.app, 'enterprise');
      const p = await Probe.open(wsUrl(app), { cookie: u.client.cookie! });
      open.push(p);
      await p.ready();
      const socket = (p.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      const rows = await flood(app, u.userId, new Promise((r) => app.realtime.hub.events.once('paused', r)));
      await app.realtime.hub.settled();
      expect(app.realtime.hub.stats()).toMatchObject({ paused: 1, dropped: 0 });
      expect(app.realtime.hub.stats().buffered).toBeLessThanOrEqual(max);
      socket.resume();
      await p.waitFor(
        (m) => m.event === 'notification' && m.id === rows.at(-1)!.id,
        'the last notification',
        30_000,
      );
      expect(p.ids()).toEqual(rows.map((r) => r.id));
      expect(app.realtime.hub.stats()).toMatchObject({ sockets: 1, dropped: 0, paused: 0 });
    } finally {
      await app.close();
    }
  });

  it('drops a client whose inbox delivery stays paused too long (4008); it resumes from the inbox', async () => {
    const app = await startApp(t.database, { maxBufferedBytes: 256 * 1024, slowTimeoutMs: 300 });
    try {
      const u = await registerOrg(t.app, 'enterprise');
      const p = await Probe.open(wsUrl(app), { cookie: u.client.cookie! });
      open.push(p);
      await p.ready();
      const socket = (p.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      socket.pause();
      const dropped = new Promise<{ code: number }>((r) => app.realtime.hub.events.once('closed', r));
      const rows = await flood(app, u.userId, dropped);
      expect((await dropped).code).toBe(4008);
      socket.resume();
      expect((await p.closedWithin()).code).toBe(4008);
      const seen = p.ids();
      expect(seen).toEqual(rows.slice(0, seen.length).map((r) => r.id));
      const back = await Probe.open(wsUrl(app, `?after=${seen.at(-1) ?? rows[0]!.id - 1}`), {
        cookie: u.client.cookie!,
      });
      open.push(back);
      await back.waitFor((m) => m.event === 'ready', 'ready after resuming', 30_000);
      expect([...seen, ...back.ids()]).toEqual(rows.map((r) => r.id));
    } finally {
      await app.close();
    }
  });

  it('drops a client that stops reading (4008) without stalling the others', async () => {
    const slowUser = await registerOrg(t.app, 'enterprise');
    const slow = await connect(slowUser);
    const fast = await connect(other);
    await Promise.all([slow.ready(), fast.ready()]);
    const dropped = new Promise<{ code: number }>((resolve) =>
      t.app.realtime.hub.events.on('closed', (e) => e.userId === slowUser.userId && resolve(e)),
    );
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    // 32 MB of broadcasts, one 64 KiB message per event-loop turn (the fast client, in this same
    // process, reads between them): far beyond the kernel buffers and the 1 MiB per-socket bound.
    const padding = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 512; i++) {
      t.app.realtime.hub.broadcast({ event: 'error', code: `pad-${i}`, message: padding });
      await new Promise((r) => setImmediate(r));
    }
    expect((await dropped).code).toBe(4008);
    await fast.waitFor(
      (m) => m.event === 'error' && m.code === 'pad-511',
      'all broadcasts on the fast socket',
    );
    expect(fast.messages.filter((m) => m.event === 'error')).toHaveLength(512);
    expect(t.app.realtime.hub.stats().dropped).toBeGreaterThanOrEqual(1);
    socket.resume();
    expect((await slow.closedWithin()).code).toBe(4008);
    // The slow client resumes from the inbox like any other.
    const id = await notify(t, slowUser.userId, 1);
    const back = await connect(slowUser, `?after=${id - 1}`);
    expect((await back.ready()).lastId).toBe(id);
    expect(back.ids()).toEqual([id]);
  });
});

describe.skipIf(testDbKind() !== 'postgres')(
  'concurrent writers (PostgreSQL only: PGlite runs one transaction at a time)',
  () => {
    it('a user’s notifications commit in id order: a second writer waits for the first one’s commit', async () => {
      const u = await registerOrg(t.app, 'enterprise');
      const p = await connect(u);
      await p.ready();
      const { notifier, database } = t.app.deps;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let recorded!: (rows: NotificationRow[]) => void;
      const firstRows = new Promise<NotificationRow[]>((r) => (recorded = r));
      const first = database.db.transaction(async (tx) => {
        recorded(await notifier.record(tx, [u.userId], 'pool.changed', { n: 1 }));
        await gate; // keep the first transaction open
      });
      const [a] = await firstRows;
      const second = database.db.transaction((tx) =>
        notifier.record(tx, [u.userId], 'pool.changed', { n: 2 }),
      );
      // Bounded wait for the second writer to block on the first one's inbox lock.
      const sql = t.database.sql!;
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const [w] =
          await sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted
          and database = (select oid from pg_database where datname = current_database())`;
        if ((w?.n as number) > 0) break;
        if (Date.now() > deadline) throw new Error('the second writer never waited for the first');
        await new Promise((r) => setTimeout(r, 10));
      }
      release();
      await first;
      notifier.deliver([a!]);
      const [b] = await second;
      notifier.deliver([b!]);
      expect(b!.id).toBeGreaterThan(a!.id);
      await p.waitFor((m) => m.event === 'notification' && m.id === b!.id, 'the second notification');
      expect(p.ids()).toEqual([a!.id, b!.id]);
    });
  },
);

describe.skipIf(testDbKind() !== 'postgres')(
  'two app instances on one PostgreSQL database (LISTEN/NOTIFY; skipped on PGlite, which is one in-process database)',
  () => {
    let b: App;
    let bDb: Database;
    beforeAll(async () => {
      const o = t.database.sql!.options;
      bDb = await openDatabase({
        url: `postgres://${o.user}@${o.host[0]}:${o.port[0]}/${o.database}`,
        poolSize: 3,
      });
      b = await startApp(bDb);
      expect(b.realtime.bus.kind).toBe('postgres');
    });
    afterAll(async () => {
      await b?.close();
      await bDb?.close();
    });

    it('a notification raised on instance A reaches a socket on instance B; logout on A closes it', async () => {
      const u = await registerOrg(t.app, 'enterprise');
      const onB = await Probe.open(wsUrl(b), { cookie: u.client.cookie! });
      open.push(onB);
      await onB.ready();

      const c = await createChallenge(u);
      expect(
        (await u.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' })).status,
      ).toBe(200);
      expect(
        (await reviewer.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish', reason: 'ok' }))
          .status,
      ).toBe(200);
      await onB.waitFor(
        (m) => m.event === 'notification' && m.type === 'challenge.publish' && m.payload.challengeId === c.id,
        'challenge.publish on instance B',
      );
      await onB.waitFor((m) => m.event === 'kpi.updated', 'kpi.updated from instance A');
      // A hint naming many users is split across NOTIFYs (8000-byte limit); B still gets its part.
      const { notifier } = t.app.deps;
      const [row] = await t.database.db.transaction((tx) =>
        notifier.record(tx, [u.userId], 'pool.changed', { n: 1 }),
      );
      const others = Array.from({ length: 500 }, () => randomUUID());
      await t.app.realtime.bus.publish({ type: 'notification', users: [...others, u.userId] });
      await onB.waitFor(
        (m) => m.event === 'notification' && m.id === row!.id,
        'notification named last in a big hint',
      );

      expect((await u.client.post('/api/v1/auth/logout')).status).toBe(200);
      expect((await onB.closedWithin()).code).toBe(4401);
    });

    it('allocation progress of a run executed on instance A reaches a grad admin’s socket on B only', async () => {
      const uni = await universityCohort();
      const otherUni = await registerOrg(t.app, 'university');
      const onB = await Probe.open(wsUrl(b), { cookie: uni.client.cookie! });
      const strangerOnB = await Probe.open(wsUrl(b), { cookie: otherUni.client.cookie! });
      open.push(onB, strangerOnB);
      await Promise.all([onB.ready(), strangerOnB.ready()]);
      const res = await uni.client.post('/api/v1/allocation/runs', {
        orgId: uni.orgId,
        cohort: 2026,
        mode: 'stable',
      });
      expect(res.status).toBe(202);
      await t.app.deps.jobs.allocation.drain();
      await onB.waitFor(
        (m) => m.event === 'allocation.progress' && m.runId === res.body.id && m.state === 'succeeded',
        'allocation.progress on instance B',
      );
      // NOTIFYs are sent one after another, so B sees the steps in order.
      expect(progressOf(onB, res.body.id)).toEqual([
        'running:5',
        'running:20',
        'running:80',
        'succeeded:100',
      ]);
      await flushed(t.app, [strangerOnB]);
      expect(strangerOnB.messages.filter((m) => m.event === 'allocation.progress')).toEqual([]);
      await closeAll([onB, strangerOnB]);
    });
  },
);
