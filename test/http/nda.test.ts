/** Confidential challenge text reaches only the enterprise and users who accepted the NDA — through every read path. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChallenge, platformAdmin, registerOrg, type OrgHandle } from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let ent: OrgHandle;
let uni: OrgHandle;
let other: OrgHandle;
let id: string;
const SECRET = `保密工艺参数-${Date.now()}`;

beforeAll(async () => {
  t = await createTestApp();
  ent = await registerOrg(t.app, 'enterprise');
  uni = await registerOrg(t.app, 'university');
  other = await registerOrg(t.app, 'university');
  const admin = await platformAdmin(t.app, t.database);
  const c = await createChallenge(ent, {
    confidentiality: 'nda',
    summary: '高温合金叶片缺陷检测（公开摘要）',
    background: `产线数据：${SECRET}`,
    goals: `目标包含 ${SECRET}`,
    deliverables: `交付 ${SECRET}`,
  });
  id = c.id;
  await ent.client.post(`/api/v1/challenges/${id}/transitions`, { action: 'submit' });
  await admin.post(`/api/v1/challenges/${id}/transitions`, { action: 'publish' });
});
afterAll(() => t.close());

const leaks = (x: unknown) => JSON.stringify(x).includes(SECRET);

describe('NDA gate', () => {
  it('detail shows only the public summary before acceptance, to anyone', async () => {
    for (const c of [new Client(t.app), uni.client, other.client]) {
      const res = await c.get(`/api/v1/challenges/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ restricted: true, background: null, goals: null, deliverables: null });
      expect(res.body.summary).toBe('高温合金叶片缺陷检测（公开摘要）');
      expect(leaks(res.body)).toBe(false);
    }
  });

  it('lists, text filters and exports never carry the confidential text', async () => {
    const list = await uni.client.get('/api/v1/challenges?limit=100');
    expect(list.body.items.some((c: { id: string }) => c.id === id)).toBe(true);
    expect(leaks(list.body)).toBe(false);
    const q = await uni.client.get(`/api/v1/challenges?q=${encodeURIComponent(SECRET)}`);
    expect(q.body.items).toHaveLength(0);
    for (const format of ['csv', 'xlsx']) {
      const exp = await uni.client.get(`/api/v1/challenges/export?format=${format}`);
      expect(exp.status).toBe(200);
      expect(exp.raw.includes(Buffer.from(SECRET))).toBe(false);
    }
    const csv = (await uni.client.get('/api/v1/challenges/export?format=csv')).raw.toString('utf8');
    expect(csv).toContain('高温合金叶片缺陷检测（公开摘要）');
  });

  it('the owner always reads the full text', async () => {
    const res = await ent.client.get(`/api/v1/challenges/${id}`);
    expect(res.body.restricted).toBe(false);
    expect(res.body.background).toContain(SECRET);
  });

  it('accepting the NDA reveals the text to that user only, and is audited', async () => {
    const anon = await new Client(t.app).post(`/api/v1/challenges/${id}/nda`);
    expect(anon.status).toBe(401);
    const acc = await uni.client.post(`/api/v1/challenges/${id}/nda`);
    expect(acc.status).toBe(200);
    expect(acc.body).toMatchObject({ restricted: false, ndaAccepted: true });
    expect(acc.body.goals).toContain(SECRET);
    const exp = await uni.client.get('/api/v1/challenges/export?format=csv');
    expect(exp.raw.toString('utf8')).toContain(SECRET);
    expect(leaks((await other.client.get(`/api/v1/challenges/${id}`)).body)).toBe(false);
    const admin = await platformAdmin(t.app, t.database);
    const audit = await admin.get(`/api/v1/audit?entityType=challenge&entityId=${id}`);
    expect(
      audit.body.items.filter((e: { action: string }) => e.action === 'challenge.nda_accept'),
    ).toHaveLength(1);
  });
});
