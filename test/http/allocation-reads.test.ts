/** GET /allocation/locks and GET /allocation/settings: what the graduate school's pages read back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMentor, addMember, createTopic, registerOrg, type OrgHandle } from '../factories.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let uni: OrgHandle;
let other: OrgHandle;
let topicId: string;
let studentIds: string[];

beforeAll(async () => {
  t = await createTestApp();
  uni = await registerOrg(t.app, 'university');
  other = await registerOrg(t.app, 'university');
  const sup = await activeMentor(uni);
  topicId = (await createTopic(uni, sup.id, null, { cohort: 2026 })).id;
  const stamp = Date.now();
  const created = await uni.client.post('/api/v1/students', {
    orgId: uni.orgId,
    students: [2026, 2027].map((cohort, i) => ({
      studentNo: `L${stamp}${i}`,
      name: `学生${i}`,
      discipline: '0808',
      cohort,
      degreeType: 'professional',
    })),
  });
  expect(created.status).toBe(201);
  studentIds = created.body.items.map((s: { id: string }) => s.id);
});
afterAll(() => t.close());

describe('allocation reads', () => {
  it('lists the pairs locked now, per cohort, until they are unlocked', async () => {
    expect(
      (await uni.client.put('/api/v1/allocation/locks', { studentId: studentIds[0], topicId })).status,
    ).toBe(204);
    const all = await uni.client.get(`/api/v1/allocation/locks?orgId=${uni.orgId}`);
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual([
      expect.objectContaining({ studentId: studentIds[0], topicId, studentName: '学生0' }),
    ]);
    expect(all.body.items[0].topicTitle).toEqual(expect.any(String));
    const other = await uni.client.get(`/api/v1/allocation/locks?orgId=${uni.orgId}&cohort=2027`);
    expect(other.body.items).toEqual([]);
    expect((await uni.client.delete(`/api/v1/allocation/locks/${studentIds[0]}`)).status).toBe(204);
    expect((await uni.client.get(`/api/v1/allocation/locks?orgId=${uni.orgId}`)).body.items).toEqual([]);
  });

  it('reads back the preference limit, with the default until one is set', async () => {
    const url = `/api/v1/allocation/settings?orgId=${uni.orgId}&cohort=2026`;
    expect((await uni.client.get(url)).body).toEqual({ orgId: uni.orgId, cohort: 2026, maxPreferences: 10 });
    expect(
      (
        await uni.client.put('/api/v1/allocation/settings', {
          orgId: uni.orgId,
          cohort: 2026,
          maxPreferences: 4,
        })
      ).status,
    ).toBe(204);
    expect((await uni.client.get(url)).body.maxPreferences).toBe(4);
  });

  it('is for the graduate school of that university only', async () => {
    expect((await other.client.get(`/api/v1/allocation/locks?orgId=${uni.orgId}`)).status).toBe(403);
    const supervisor = await addMember(t.app, uni, 'supervisor');
    expect(
      (await supervisor.client.get(`/api/v1/allocation/settings?orgId=${uni.orgId}&cohort=2026`)).status,
    ).toBe(403);
  });
});
