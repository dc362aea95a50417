/** Policy KPIs computed from real rows, with exact expected values. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeMentor,
  createChallenge,
  createTopic,
  platformAdmin,
  registerOrg,
  type OrgHandle,
} from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let uni: OrgHandle;
let ent: OrgHandle;

beforeAll(async () => {
  t = await createTestApp();
  uni = await registerOrg(t.app, 'university');
  ent = await registerOrg(t.app, 'enterprise');
});
afterAll(() => t.close());

describe('KPIs', () => {
  it('counts topics from industry, discipline–industry fit and industry mentors', async () => {
    const admin = await platformAdmin(t.app, t.database);
    // 0808 电气工程 serves new-energy vehicles; 0901 作物学 does not.
    const fits = await createChallenge(ent, { industry: 'new-energy-vehicles', disciplines: ['0808'] });
    const misfit = await createChallenge(ent, { industry: 'new-energy-vehicles', disciplines: ['0901'] });
    for (const c of [fits, misfit]) {
      await ent.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' });
      await admin.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish' });
    }
    const sup = await activeMentor(uni);
    const ind = await activeMentor(uni, { kind: 'industry', homeOrgId: ent.orgId });
    await activeMentor(uni, { kind: 'industry', homeOrgId: ent.orgId });
    const fromIndustry = await createTopic(uni, sup.id, ind.id, { challengeId: fits.id });
    const own = await createTopic(uni, sup.id, ind.id);
    const draft = await createTopic(uni, sup.id, ind.id); // drafts do not count
    for (const id of [fromIndustry.id, own.id]) {
      for (const a of ['propose', 'approve', 'open'])
        await uni.client.post(`/api/v1/topics/${id}/transitions`, { action: a });
    }
    expect(draft.state).toBe('draft');
    const res = await new Client(t.app).get(`/api/v1/kpis?orgId=${uni.orgId}`);
    expect(res.status).toBe(200);
    expect(res.body.targets).toEqual({
      topicsFromIndustry: 0.15,
      studentsInIndustryProjects: 0.3,
      disciplineIndustryFit: 0.9,
      industryMentorsInPool: 300,
    });
    expect(res.body.overall.topicsFromIndustry).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(res.body.overall.industryMentorsInPool.value).toBe(2);
    expect(res.body.overall.disciplineIndustryFit).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    expect(res.body.byUniversity).toEqual([
      expect.objectContaining({ orgId: uni.orgId, topics: 2, topicsFromIndustry: 0.5, industryMentors: 2 }),
    ]);
    expect(res.body.trend).toHaveLength(12);
    expect(res.body.trend.at(-1).industryMentorsAdmitted).toBe(2);
    const csv = await new Client(t.app).get(`/api/v1/kpis/export?format=csv&orgId=${uni.orgId}`);
    expect(csv.raw.toString('utf8')).toContain('50.0%');
  });
});
