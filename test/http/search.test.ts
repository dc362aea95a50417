/** Index sync through the outbox, search visibility, and outage tolerance. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChallenge, platformAdmin, registerOrg, type OrgHandle } from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';
import { switchableEngine } from '../support/flaky-engine.ts';

describe('search sync', () => {
  let t: TestApp;
  let ent: OrgHandle;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    ent = await registerOrg(t.app, 'enterprise');
    admin = await platformAdmin(t.app, t.database);
  });
  afterAll(() => t.close());

  async function publish(overrides: Record<string, unknown>) {
    const c = await createChallenge(ent, overrides);
    await ent.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' });
    await admin.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish' });
    return c;
  }

  // How fast (the 1 s target) is measured by `npm run bench -- sync`; here: that it happens at all.
  it('a published challenge becomes searchable, with highlights and facets', async () => {
    const c = await publish({
      title: '碳化硅功率模块封装可靠性评估',
      skills: ['功率器件', '有限元'],
      region: '广东省',
    });
    await t.search.worker.drain();
    const first = await new Client(t.app).get(`/api/v1/search?q=${encodeURIComponent('碳化硅功率模块')}`);
    expect(first.body.hits.map((h: { id: string }) => h.id)).toContain(c.id);
    const r = await new Client(t.app).get(
      `/api/v1/search?q=${encodeURIComponent('碳化硅')}&region=${encodeURIComponent('广东省')}`,
    );
    const hit = r.body.hits.find((h: { id: string }) => h.id === c.id);
    expect(hit.highlights.title).toContain('<mark>');
    expect(r.body.facets.region['广东省']).toBeGreaterThanOrEqual(1);
  });

  it('drafts are not searchable; NDA challenges are searchable by their summary only', async () => {
    const draft = await createChallenge(ent, { title: '草稿阶段的机密需求XYZ' });
    const secret = `zqxsecret${Date.now()}`;
    const nda = await publish({
      title: '特种涂层配方优化',
      confidentiality: 'nda',
      summary: '涂层耐腐蚀性能提升（公开）',
      background: secret,
      goals: secret,
    });
    await t.search.worker.drain();
    const d = await new Client(t.app).get(`/api/v1/search?q=${encodeURIComponent('草稿阶段的机密需求XYZ')}`);
    expect(d.body.hits.map((h: { id: string }) => h.id)).not.toContain(draft.id);
    const bySecret = await new Client(t.app).get(
      `/api/v1/search?semanticRatio=0&q=${encodeURIComponent(secret)}`,
    );
    expect(bySecret.body.hits.map((h: { id: string }) => h.id)).not.toContain(nda.id);
    const bySummary = await new Client(t.app).get(`/api/v1/search?q=${encodeURIComponent('涂层耐腐蚀')}`);
    const hit = bySummary.body.hits.find((h: { id: string }) => h.id === nda.id);
    expect(hit).toBeDefined();
    expect(JSON.stringify(bySummary.body)).not.toContain(secret);
  });
});

describe('search outage', () => {
  let t: TestApp;
  const engine = switchableEngine();
  beforeAll(async () => {
    t = await createTestApp({ engine });
  });
  afterAll(() => t.close());

  it('writes succeed while the engine is down, and the index catches up when it recovers', async () => {
    const ent = await registerOrg(t.app, 'enterprise');
    const admin = await platformAdmin(t.app, t.database);
    engine.down = true;
    const c = await createChallenge(ent, { title: '风电齿轮箱早期故障预警' });
    expect(
      (await ent.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' })).status,
    ).toBe(200);
    expect((await admin.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish' })).status).toBe(
      200,
    );
    await t.search.worker.drain();
    expect(await t.search.worker.pending()).toBeGreaterThan(0); // queued, not lost
    engine.down = false;
    // Rows failed once are retried after their backoff; make them due now rather than sleeping. A
    // background pass that started while the engine was down may still fail once more and push its
    // rows a backoff step later, so keep draining until the queue is empty.
    await t.database.db.execute((await import('drizzle-orm')).sql`update outbox set available_at = now()`);
    await expect
      .poll(
        async () => {
          await t.search.worker.drain();
          return t.search.worker.pending();
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBe(0);
    const r = await new Client(t.app).get(`/api/v1/search?q=${encodeURIComponent('风电齿轮箱')}`);
    expect(r.body.hits.map((h: { id: string }) => h.id)).toContain(c.id);
  });
});
