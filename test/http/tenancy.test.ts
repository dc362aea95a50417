/** One tenant can never read or change another's data: enterprise A vs B, university A vs B, student vs student. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeMentor,
  addMember,
  createChallenge,
  createTopic,
  mentorInput,
  PASSWORD,
  platformAdmin,
  registerOrg,
  type OrgHandle,
} from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let entA: OrgHandle;
let entB: OrgHandle;
let uniA: OrgHandle;
let uniB: OrgHandle;

beforeAll(async () => {
  t = await createTestApp();
  [entA, entB, uniA, uniB] = await Promise.all([
    registerOrg(t.app, 'enterprise'),
    registerOrg(t.app, 'enterprise'),
    registerOrg(t.app, 'university'),
    registerOrg(t.app, 'university'),
  ]);
});
afterAll(() => t.close());

describe('enterprise A vs enterprise B', () => {
  it('B sees neither A’s drafts in lists nor the proposals A received', async () => {
    const draft = await createChallenge(entA);
    const list = await entB.client.get('/api/v1/challenges?limit=100');
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(draft.id);
    const admin = await platformAdmin(t.app, t.database);
    const pub = await createChallenge(entA);
    await entA.client.post(`/api/v1/challenges/${pub.id}/transitions`, { action: 'submit' });
    await admin.post(`/api/v1/challenges/${pub.id}/transitions`, { action: 'publish' });
    const p = await uniA.client.post(`/api/v1/challenges/${pub.id}/proposals`, {
      title: '方案',
      approach: '方法',
    });
    await uniA.client.post(`/api/v1/proposals/${p.body.id}/transitions`, { action: 'submit' });
    expect((await entA.client.get(`/api/v1/challenges/${pub.id}/proposals`)).body.items).toHaveLength(1);
    expect((await entB.client.get(`/api/v1/challenges/${pub.id}/proposals`)).body.items).toHaveLength(0);
    expect((await entB.client.get(`/api/v1/proposals/${p.body.id}`)).status).toBe(404);
    expect(
      (await entB.client.post(`/api/v1/proposals/${p.body.id}/transitions`, { action: 'accept' })).status,
    ).toBe(404);
    // University B cannot see or withdraw university A's proposal either.
    expect(
      (await uniB.client.post(`/api/v1/proposals/${p.body.id}/transitions`, { action: 'withdraw' })).status,
    ).toBe(404);
  });

  it('B cannot post a challenge on A’s behalf', async () => {
    const res = await entB.client.post('/api/v1/challenges', {
      ...(await import('../factories.ts')).challengeInput(),
      orgId: entA.orgId,
    });
    expect(res.status).toBe(403);
  });

  it('B cannot invite members into A', async () => {
    const res = await entB.client.post(`/api/v1/organisations/${entA.orgId}/invitations`, {
      email: 'x@example.cn',
      role: 'enterprise_member',
    });
    expect(res.status).toBe(403);
    expect((await entB.client.get(`/api/v1/organisations/${entA.orgId}/members`)).status).toBe(403);
  });
});

describe('university A vs university B', () => {
  it('B cannot add to, see pending entries of, or vet A’s mentor pool', async () => {
    const add = await uniB.client.post('/api/v1/mentors', { ...mentorInput(), poolOrgId: uniA.orgId });
    expect(add.status).toBe(403);
    const pending = await uniA.client.post('/api/v1/mentors', { ...mentorInput(), poolOrgId: uniA.orgId });
    expect((await uniB.client.get(`/api/v1/mentors/${pending.body.id}`)).status).toBe(404);
    expect(
      (await uniB.client.post(`/api/v1/mentors/${pending.body.id}/transitions`, { action: 'approve' }))
        .status,
    ).toBe(404);
    const active = await activeMentor(uniA);
    const suspend = await uniB.client.post(`/api/v1/mentors/${active.id}/transitions`, {
      action: 'suspend',
      reason: '恶意',
    });
    expect(suspend.status).toBe(403);
    expect((await uniB.client.patch(`/api/v1/mentors/${active.id}`, { capacity: 0 })).status).toBe(403);
    const seen = await uniB.client.get(`/api/v1/mentors/${active.id}`);
    expect(seen.body.state).toBe('active');
    expect(seen.body.capacity).toBe(3);
    expect(seen.body.email).toBeNull();
  });

  it('B cannot edit or delete A’s capability entries', async () => {
    const cap = await uniA.client.post('/api/v1/capabilities', {
      orgId: uniA.orgId,
      name: '智能制造实验室',
      directions: ['工业机器人'],
    });
    expect(cap.status).toBe(201);
    expect((await uniB.client.patch(`/api/v1/capabilities/${cap.body.id}`, { name: '篡改' })).status).toBe(
      403,
    );
    expect((await uniB.client.delete(`/api/v1/capabilities/${cap.body.id}`)).status).toBe(403);
    expect((await uniB.client.post('/api/v1/capabilities', { orgId: uniA.orgId, name: '冒名' })).status).toBe(
      403,
    );
    expect((await uniA.client.get(`/api/v1/capabilities/${cap.body.id}`)).body.name).toBe('智能制造实验室');
  });

  it('B cannot list A’s students, create topics for A, or review A’s topics', async () => {
    expect((await uniB.client.get(`/api/v1/students?orgId=${uniA.orgId}`)).status).toBe(403);
    expect(
      (
        await uniB.client.post('/api/v1/students', {
          orgId: uniA.orgId,
          students: [{ studentNo: '1', name: '张三', discipline: '0808', cohort: 2026 }],
        })
      ).status,
    ).toBe(403);
    const sup = await activeMentor(uniA);
    const ind = await activeMentor(uniA, { kind: 'industry', homeOrgId: entA.orgId });
    const topic = await createTopic(uniA, sup.id, ind.id);
    expect(
      (await uniB.client.post(`/api/v1/topics/${topic.id}/transitions`, { action: 'propose' })).status,
    ).toBe(404);
    const supB = await activeMentor(uniB);
    const res = await uniB.client.post('/api/v1/topics', {
      orgId: uniA.orgId,
      title: 't',
      description: 'd',
      cohort: 2026,
      supervisorId: supB.id,
    });
    expect(res.status).toBe(403);
  });
});

describe('student vs student', () => {
  async function student(uni: OrgHandle, no: string) {
    const email = `stu-${no}-${Date.now()}@example.cn`;
    const created = await uni.client.post('/api/v1/students', {
      orgId: uni.orgId,
      students: [
        {
          studentNo: no,
          name: `学生${no}`,
          email,
          discipline: '0808',
          cohort: 2026,
          degreeType: 'professional',
        },
      ],
    });
    expect(created.status).toBe(201);
    const inv = await uni.client.post(`/api/v1/organisations/${uni.orgId}/invitations`, {
      email,
      role: 'student',
    });
    const c = new Client(t.app);
    expect(
      (
        await c.post('/api/v1/auth/invitations/accept', {
          token: inv.body.token,
          password: PASSWORD,
          displayName: `学生${no}`,
        })
      ).status,
    ).toBe(200);
    return { client: c, id: created.body.items[0].id as string };
  }

  it('a student cannot read or change another student’s preferences', async () => {
    const sup = await activeMentor(uniA);
    const ind = await activeMentor(uniA, { kind: 'industry', homeOrgId: entA.orgId });
    const topic = await createTopic(uniA, sup.id, ind.id);
    for (const a of ['propose', 'approve', 'open'])
      await uniA.client.post(`/api/v1/topics/${topic.id}/transitions`, { action: a });
    const s1 = await student(uniA, 'S1');
    const s2 = await student(uniA, 'S2');
    const put = await s2.client.put('/api/v1/students/me/preferences', { topicIds: [topic.id] });
    expect(put.status).toBe(200);
    expect((await s1.client.get(`/api/v1/students/${s2.id}/preferences`)).status).toBe(404);
    // s1 writing "its" preferences never touches s2's.
    await s1.client.put('/api/v1/students/me/preferences', { topicIds: [] });
    const s2prefs = await uniA.client.get(`/api/v1/students/${s2.id}/preferences`);
    expect(s2prefs.body.items.map((i: { topicId: string }) => i.topicId)).toEqual([topic.id]);
    // Another university's admin cannot read them either.
    expect((await uniB.client.get(`/api/v1/students/${s2.id}/preferences`)).status).toBe(404);
  });

  it('refuses ineligible choices with a reason per topic', async () => {
    const sup = await activeMentor(uniA);
    const draftTopic = await createTopic(uniA, sup.id, null);
    const s3 = await student(uniA, 'S3');
    const res = await s3.client.put('/api/v1/students/me/preferences', { topicIds: [draftTopic.id] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields['topicIds.0']).toMatch(/not open/);
  });
});

describe('members of one organisation', () => {
  it('an invited enterprise member can post for their enterprise only', async () => {
    const m = await addMember(t.app, entA, 'enterprise_member');
    const c = await createChallenge(m);
    expect((await entA.client.get(`/api/v1/challenges/${c.id}`)).status).toBe(200);
    expect((await entB.client.get(`/api/v1/challenges/${c.id}`)).status).toBe(404);
  });
});
