/**
 * Publishing an allocation run: one notification per student (assigned or not) and one per
 * supervisor or mentor with an account, written in one batch; the mentors' current load follows the
 * published assignments, and re-publishing another run of the cohort replaces the previous run's
 * share instead of adding to it. The next run's snapshot offers the capacity the published run
 * would give back.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentors, notifications, outbox } from '../../db/schema/index.ts';
import { buildInstance } from '../../server/services/allocation.service.ts';
import { activeMentor, addMember, createTopic, PASSWORD, registerOrg, type OrgHandle } from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

const COHORT = 2026;
let t: TestApp;
let uni: OrgHandle;
let supUser: OrgHandle;
let sup: string;
let ind: string;
let sup2: string;
let topicA: string;
let topicB: string;
let topicC: string;
const students: { id: string; userId: string; client: Client }[] = [];

async function open(topicId: string) {
  for (const action of ['propose', 'approve', 'open'])
    expect((await uni.client.post(`/api/v1/topics/${topicId}/transitions`, { action })).status).toBe(200);
}

async function rank(topicIds: string[]) {
  for (const s of students)
    expect((await s.client.put('/api/v1/students/me/preferences', { topicIds })).status).toBe(200);
}

async function run(seed: number) {
  const res = await uni.client.post('/api/v1/allocation/runs', {
    orgId: uni.orgId,
    cohort: COHORT,
    mode: 'stable',
    seed,
  });
  expect(res.status).toBe(202);
  await t.app.deps.jobs.allocation.drain();
  const outs = await uni.client.get(`/api/v1/allocation/runs/${res.body.id}/outcomes`);
  return {
    id: res.body.id as string,
    outcomes: outs.body.items as { studentId: string; topicId: string | null }[],
  };
}

async function loads() {
  const rows = await t.database.db
    .select({ id: mentors.id, load: mentors.load })
    .from(mentors)
    .where(inArray(mentors.id, [sup, ind, sup2]));
  const by = new Map(rows.map((r) => [r.id, r.load]));
  return { sup: by.get(sup), ind: by.get(ind), sup2: by.get(sup2) };
}

const published = (runId: string) =>
  t.database.db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.type, 'allocation.published'), sql`${notifications.payload}->>'runId' = ${runId}`),
    );

beforeAll(async () => {
  t = await createTestApp();
  uni = await registerOrg(t.app, 'university');
  const ent = await registerOrg(t.app, 'enterprise');
  supUser = await addMember(t.app, uni, 'supervisor');
  sup = (await activeMentor(uni, { capacity: 8 })).id;
  ind = (await activeMentor(uni, { kind: 'industry', homeOrgId: ent.orgId, capacity: 8 })).id;
  sup2 = (await activeMentor(uni, { capacity: 3 })).id;
  // The supervisor has an account and already carries one student from elsewhere (another cohort).
  await t.database.db.update(mentors).set({ userId: supUser.userId, load: 1 }).where(eq(mentors.id, sup));

  topicA = (await createTopic(uni, sup, ind, { capacity: 2, cohort: COHORT })).id;
  topicB = (await createTopic(uni, sup, ind, { capacity: 2, cohort: COHORT })).id;
  topicC = (await createTopic(uni, sup2, null, { capacity: 3, cohort: COHORT })).id;
  await open(topicA);
  await open(topicB);

  const stamp = Date.now();
  const rows = [1, 2, 3, 4, 5].map((i) => ({
    studentNo: `P${stamp}${i}`,
    name: `学生${i}`,
    email: `pub${i}-${stamp}@example.cn`,
    discipline: '0808',
    cohort: COHORT,
    degreeType: 'professional',
  }));
  const created = await uni.client.post('/api/v1/students', { orgId: uni.orgId, students: rows });
  expect(created.status).toBe(201);
  for (const [i, r] of rows.entries()) {
    const inv = await uni.client.post(`/api/v1/organisations/${uni.orgId}/invitations`, {
      email: r.email,
      role: 'student',
    });
    const client = new Client(t.app);
    await client.post('/api/v1/auth/invitations/accept', {
      token: inv.body.token,
      password: PASSWORD,
      displayName: r.name,
    });
    const me = await client.get('/api/v1/auth/me');
    students.push({ id: created.body.items[i].id, userId: me.body.id, client });
  }
});
afterAll(() => t.close());

describe('publishing an allocation run', () => {
  it('notifies each student once, sets the mentors’ load, and re-publishing replaces the previous share', async () => {
    // Run 1: five students for four seats under sup + ind (one unmatched).
    await rank([topicA, topicB]);
    const r1 = await run(1);
    expect(r1.outcomes.filter((o) => o.topicId)).toHaveLength(4);
    // Run 2, created before either is published: topic C (sup2, no industry mentor) ranked first.
    await open(topicC);
    await rank([topicC, topicA, topicB]);
    const r2 = await run(2);
    const count = (id: string) => r2.outcomes.filter((o) => o.topicId === id).length;
    expect([count(topicC), count(topicA), count(topicB)]).toEqual([3, 2, 0]);
    expect(await loads()).toEqual({ sup: 1, ind: 0, sup2: 0 });

    expect((await uni.client.post(`/api/v1/allocation/runs/${r1.id}/publish`)).status).toBe(200);
    expect(await loads()).toEqual({ sup: 1 + 4, ind: 4, sup2: 0 });
    const n1 = await published(r1.id);
    const toStudents = n1.filter((n) => students.some((s) => s.userId === n.userId));
    expect(toStudents).toHaveLength(students.length);
    expect(new Set(toStudents.map((n) => n.userId)).size).toBe(students.length);
    expect(toStudents.filter((n) => n.payload.topicId === null)).toHaveLength(1);
    // The supervisor's account hears how many students they received; the others have none.
    expect(n1.filter((n) => n.userId === supUser.userId).map((n) => n.payload)).toEqual([
      { runId: r1.id, students: 4 },
    ]);
    expect(n1).toHaveLength(students.length + 1);
    // Capacity left changed: the mentors are re-indexed.
    const reindexed = await t.database.db
      .select({ id: outbox.entityId })
      .from(outbox)
      .where(and(eq(outbox.entityType, 'mentor'), inArray(outbox.entityId, [sup, ind])));
    expect(new Set(reindexed.map((r) => r.id))).toEqual(new Set([sup, ind]));

    // Re-publishing the cohort with run 2 replaces run 1's share (not 1 + 4 + 2).
    expect((await uni.client.post(`/api/v1/allocation/runs/${r2.id}/publish`)).status).toBe(200);
    expect(await loads()).toEqual({ sup: 1 + 2, ind: 2, sup2: 3 });
    const n2 = await published(r2.id);
    expect(n2.filter((n) => students.some((s) => s.userId === n.userId))).toHaveLength(students.length);
    expect(n2).toHaveLength(students.length + 1);
    // Superseded runs cannot be published again, so the load cannot be applied twice.
    expect((await uni.client.post(`/api/v1/allocation/runs/${r1.id}/publish`)).status).toBe(409);
    expect((await uni.client.post(`/api/v1/allocation/runs/${r2.id}/publish`)).status).toBe(409);
    expect(await loads()).toEqual({ sup: 3, ind: 2, sup2: 3 });
  });

  it('the next run of the cohort is offered the capacity the published run would give back', async () => {
    // sup2 is full (3/3) with the published run's students only; a new topic of sup2 still gets
    // its full capacity in a new run, because publishing that run replaces the current result.
    const d = (await createTopic(uni, sup2, null, { capacity: 3, cohort: COHORT })).id;
    await open(d);
    const input = await buildInstance(t.database.db, uni.orgId, COHORT, 1);
    expect(input.topics.map((x) => x.id)).toEqual([d]);
    expect(input.supervisors).toEqual([expect.objectContaining({ id: sup2, capacity: 3 })]);
  });
});
