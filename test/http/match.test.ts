/** Match preview and saved-entity matches through the API: ranking on known pairs, evidence, NDA safety. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMentor, createChallenge, platformAdmin, registerOrg, type OrgHandle } from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let uni: OrgHandle;
let ent: OrgHandle;
let battery: string;
let rice: string;

beforeAll(async () => {
  t = await createTestApp();
  uni = await registerOrg(t.app, 'university');
  ent = await registerOrg(t.app, 'enterprise');
  battery = (
    await activeMentor(uni, {
      name: '储能专家',
      disciplines: ['0808'],
      interests: '锂离子电池健康状态估计，电池管理系统',
      publications: [
        {
          title: '基于增量容量分析的锂离子电池健康状态估计',
          abstract:
            '提出一种基于增量容量曲线特征的锂离子电池健康状态估计方法，在退役动力电池数据上误差小于2%。',
        },
        { title: '储能电站电池簇均衡控制策略', abstract: '研究储能电站电池簇之间的主动均衡控制。' },
      ],
    })
  ).id;
  rice = (
    await activeMentor(uni, {
      name: '育种专家',
      disciplines: ['0901'],
      interests: '水稻分子育种，抗病基因挖掘',
      publications: [
        { title: '水稻抗稻瘟病基因的定位与克隆', abstract: '利用图位克隆方法定位水稻抗稻瘟病主效基因。' },
      ],
    })
  ).id;
  await t.search.worker.drain();
});
afterAll(() => t.close());

describe('match preview', () => {
  it('requires a signed-in caller', async () => {
    expect(
      (await new Client(t.app).post('/api/v1/match/preview', { text: '电池', target: 'mentor' })).status,
    ).toBe(401);
  });

  it('ranks the battery expert first for a battery challenge, with evidence', async () => {
    const res = await ent.client.post('/api/v1/match/preview', {
      text: '退役动力电池健康状态快速评估：根据充放电曲线估计锂离子电池剩余容量',
      target: 'mentor',
      limit: 5,
    });
    expect(res.status).toBe(200);
    const ids = res.body.results.map((r: { id: string }) => r.id);
    expect(ids[0]).toBe(battery);
    const top = res.body.results[0];
    expect(top.score).toBeGreaterThan(0);
    expect(top.score).toBeLessThanOrEqual(1);
    expect(top.reasons.matchedTerms.join(' ')).toMatch(/电池/);
    expect(top.reasons.publication.title).toBe('基于增量容量分析的锂离子电池健康状态估计');
    expect(top.reasons.discipline.path).toContain('工学');
    const riceHit = res.body.results.find((r: { id: string }) => r.id === rice);
    if (riceHit) expect(riceHit.score).toBeLessThan(top.score);
  });

  it('suggests disciplines for a text from the pool’s own publications', async () => {
    const res = await ent.client.post('/api/v1/disciplines/suggest', {
      text: '锂离子电池健康状态估计与储能系统',
      limit: 2,
    });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ discipline: '0808', name: '电气工程' });
  });
});

describe('matches for saved entities', () => {
  it('an NDA challenge’s matches never carry its confidential text', async () => {
    const secret = `电芯配方qzx${Date.now()}`;
    const admin = await platformAdmin(t.app, t.database);
    const c = await createChallenge(ent, {
      confidentiality: 'nda',
      summary: '动力电池健康状态评估（公开摘要）',
      background: `锂离子电池 ${secret}`,
      goals: `电池健康状态 ${secret}`,
    });
    await ent.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' });
    await admin.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish' });
    await t.search.worker.drain();
    const m = await uni.client.get(`/api/v1/challenges/${c.id}/matches`);
    expect(m.status).toBe(200);
    expect(JSON.stringify(m.body)).not.toContain(secret);
    expect(m.body.campus.map((r: { id: string }) => r.id)).toContain(battery);
    const forMentor = await uni.client.get(`/api/v1/mentors/${battery}/matches`);
    expect(forMentor.status).toBe(200);
    expect(forMentor.body.results.map((r: { id: string }) => r.id)).toContain(c.id);
    expect(JSON.stringify(forMentor.body)).not.toContain(secret);
  });

  it('a challenge the caller cannot see has no matches', async () => {
    const draft = await createChallenge(ent);
    expect((await uni.client.get(`/api/v1/challenges/${draft.id}/matches`)).status).toBe(404);
  });
});
