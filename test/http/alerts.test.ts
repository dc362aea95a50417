/**
 * Alerts through the real workflow: an industry mentor applies to a pool and is approved, an
 * enterprise's challenge is reviewed and published, and the mentor whose profile fits hears about it
 * on their socket, with the reason; the one whose profile does not fit does not. Saved searches
 * alert at their own threshold and filters. A broken embedder never fails the publish, and the alert
 * (an outbox job written with the publish) is delivered once the index recovers.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Embedder } from '../../search/embedders/embedder.ts';
import { buildApp, type App } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { isNotification, type ServerMessage } from '../../server/events/schema.ts';
import { createSearchRuntime } from '../../server/search/runtime.ts';
import { filtersMatch } from '../../server/services/alerts.service.ts';
import { createNotifier } from '../../server/services/notifier.ts';
import {
  approvedIndustryMentor,
  platformAdmin,
  publishChallenge,
  registerOrg,
  type OrgHandle,
} from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

const WAIT_MS = 15_000;

let t: TestApp;
let reviewer: Client;
let ent: OrgHandle;
let uni: OrgHandle;
let battery: OrgHandle & { mentorId: string };
let poetry: OrgHandle & { mentorId: string };

/** Resolves with the first message matching `pred` on a socket for `cookie`; bounded. */
function firstMessage(app: App, cookie: string, pred: (m: ServerMessage) => boolean) {
  const a = app.server.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${a.port}/api/v1/ws`, { headers: { cookie } });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const found = new Promise<ServerMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the alert')), WAIT_MS);
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as ServerMessage;
      if (pred(m)) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  }).finally(() => ws.close());
  return { opened, found };
}

async function alertsFor(client: Client, challengeId: string) {
  const res = await client.get('/api/v1/notifications?limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as { type: string; payload: { challengeId?: string } }[]).filter(
    (n) => n.type === 'alert.challenge' && n.payload.challengeId === challengeId,
  );
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  reviewer = await platformAdmin(t.app, t.database);
  ent = await registerOrg(t.app, 'enterprise');
  uni = await registerOrg(t.app, 'university');
  battery = await approvedIndustryMentor(
    t.app,
    uni,
    '动力电池管理系统，储能系统建模与健康状态估计，锂离子电池寿命预测',
  );
  poetry = await approvedIndustryMentor(t.app, uni, '宋代文学与词学研究，古典诗歌文献整理');
});
afterAll(() => t.close());

describe('alerts on a published challenge', () => {
  it('notifies the mentor whose profile fits, live and with the reason; not the one whose profile does not', async () => {
    const live = firstMessage(
      t.app,
      battery.client.cookie!,
      (m) => m.event === 'notification' && m.type === 'alert.challenge',
    );
    await live.opened;
    const c = await publishChallenge(ent, reviewer);

    const got = await live.found;
    expect(got).toMatchObject({
      event: 'notification',
      type: 'alert.challenge',
      payload: { challengeId: c.id, title: c.title },
    });
    if (!isNotification(got, 'alert.challenge')) throw new Error('not an alert');
    const { payload } = got; // typed by the shared protocol schema
    expect(payload.reasons).toHaveLength(1);
    expect(payload.reasons[0]).toMatchObject({
      source: 'mentor_profile',
      mentorId: battery.mentorId,
      threshold: 0.5,
    });
    expect(payload.score).toBeGreaterThanOrEqual(0.5);
    expect(payload.reasons[0]!.terms).toEqual(expect.arrayContaining(['动力电池']));

    await t.app.realtime.settled();
    expect(await alertsFor(poetry.client, c.id)).toEqual([]);
    expect(await alertsFor(battery.client, c.id)).toHaveLength(1);
    // The posting enterprise hears about its own challenge through the workflow, not as an alert.
    expect(await alertsFor(ent.client, c.id)).toEqual([]);
  });

  it('alerts saved searches at their own threshold and filters, once per user', async () => {
    const newUni = () => registerOrg(t.app, 'university');
    const [fits, lenient, strict, elsewhere, unrelated] = [
      await newUni(),
      await newUni(),
      await newUni(),
      await newUni(),
      await newUni(),
    ];
    const save = async (h: OrgHandle, body: Record<string, unknown>) =>
      expect((await h.client.post('/api/v1/saved-searches', { name: '电池', ...body })).status).toBe(201);
    await save(fits, { query: '动力电池健康状态估计', threshold: 0.3 });
    await save(fits, { query: '电池 充放电曲线 机器学习', threshold: 0.2, filters: { region: ['江苏省'] } });
    // A related query (affinity about 0.7 with the offline model) alerts at 0.5 but not at 0.9.
    await save(lenient, { query: '锂离子电池 寿命预测', threshold: 0.5 });
    await save(strict, { query: '锂离子电池 寿命预测', threshold: 0.9 });
    await save(elsewhere, { query: '动力电池健康状态估计', threshold: 0.3, filters: { region: '广东省' } });
    await save(unrelated, { query: '城市轨道交通 信号控制', threshold: 0.5 });

    const c = await publishChallenge(ent, reviewer);
    await t.app.realtime.settled();
    const mine = await alertsFor(fits.client, c.id);
    expect(mine).toHaveLength(1);
    const reasons = (
      mine[0] as unknown as { payload: { reasons: { source: string; score: number; terms: string[] }[] } }
    ).payload.reasons;
    expect(reasons.map((r) => r.source)).toEqual(['saved_search', 'saved_search']);
    expect(reasons[0]!.score).toBeGreaterThanOrEqual(reasons[1]!.score);
    expect(reasons[0]!.terms).toContain('动力电池');
    expect(await alertsFor(lenient.client, c.id)).toHaveLength(1);
    expect(await alertsFor(strict.client, c.id)).toEqual([]);
    expect(await alertsFor(elsewhere.client, c.id)).toEqual([]);
    expect(await alertsFor(unrelated.client, c.id)).toEqual([]);
    // Running the alerts again (a retried trigger) notifies nobody twice.
    expect(await t.app.realtime.alerts.challengePublished(c.id)).toMatchObject({ notified: 0 });
    expect(await alertsFor(fits.client, c.id)).toHaveLength(1);
  });

  it('a failing embedder does not fail the publish, and the alert is not lost: it runs once the index recovers', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino({ level: 'warn' }, sink);
    const broken: Embedder = {
      model: 'broken',
      dimensions: 8,
      embed: () => Promise.reject(new Error('embedding service down')),
    };
    const config = loadConfig({ WEB_DIST: '/nonexistent', DEMO_DATA: 'false', LOG_LEVEL: 'silent' });
    const search = await createSearchRuntime({ config, db: t.database.db, log, embedder: broken });
    // Another instance on the same database whose embedder is down; unexercised deps come from t.
    const app = await buildApp({
      ...t.app.deps,
      config,
      search,
      notifier: createNotifier(),
      logger: log,
    });
    // Only the broken instance works the queue until it is closed.
    await t.search.worker.stop();
    let c: { id: string; title: string };
    try {
      await app.ready();
      // The same sessions (same database), requests sent to the second instance.
      const on = (x: Client) => Object.assign(new Client(app), { cookie: x.cookie, csrf: x.csrf });
      c = await publishChallenge({ ...ent, client: on(ent.client) }, on(reviewer));
      await app.realtime.settled();
      expect(lines.some((l) => l.includes('indexing failed') && l.includes('embedding service down'))).toBe(
        true,
      );
      expect(await alertsFor(battery.client, c.id)).toEqual([]);
    } finally {
      await app.close();
      await search.close();
      t.search.worker.start();
    }
    // The healthy instance indexes the posting when its retry is due, then runs the alert job.
    const deadline = Date.now() + WAIT_MS;
    while ((await alertsFor(battery.client, c.id)).length === 0) {
      if (Date.now() > deadline) throw new Error('the alert was never delivered');
      await t.app.realtime.settled();
      await new Promise((r) => setTimeout(r, 50));
    }
    await t.app.realtime.settled();
    expect(await alertsFor(battery.client, c.id)).toHaveLength(1);
    expect(await alertsFor(poetry.client, c.id)).toEqual([]);
  });
});

describe('saved-search filters', () => {
  const posting = { region: '江苏省', disciplines: ['0808', '0858'], kind: 'thesis_topic' };
  it('match on any listed value, require every named field, and ignore fields postings do not have', () => {
    expect(filtersMatch({}, posting)).toBe(true);
    expect(filtersMatch({ region: '江苏省' }, posting)).toBe(true);
    expect(filtersMatch({ region: ['广东省', '江苏省'] }, posting)).toBe(true);
    expect(filtersMatch({ disciplines: ['0812', '0858'] }, posting)).toBe(true);
    expect(filtersMatch({ region: '江苏省', disciplines: ['0812'] }, posting)).toBe(false);
    expect(filtersMatch({ region: '广东省' }, posting)).toBe(false);
    expect(filtersMatch({ salary: '20k', region: null }, posting)).toBe(true);
  });
});
