/** Allocation runs through the API: who may run and publish, reproducibility, locks, publication and the student's view. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMentor, addMember, createTopic, PASSWORD, registerOrg, type OrgHandle } from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let uni: OrgHandle;
let other: OrgHandle;
let ent: OrgHandle;
let topics: string[];
const studentClients: Client[] = [];
let studentIds: string[];

async function openTopic(capacity: number, supervisorId: string, mentorId: string) {
  const topic = await createTopic(uni, supervisorId, mentorId, { capacity });
  for (const a of ['propose', 'approve', 'open'])
    await uni.client.post(`/api/v1/topics/${topic.id}/transitions`, { action: a });
  return topic.id;
}

beforeAll(async () => {
  t = await createTestApp();
  uni = await registerOrg(t.app, 'university');
  other = await registerOrg(t.app, 'university');
  ent = await registerOrg(t.app, 'enterprise');
  const sup1 = await activeMentor(uni, { capacity: 3 });
  const sup2 = await activeMentor(uni, { capacity: 1 });
  const ind = await activeMentor(uni, { kind: 'industry', homeOrgId: ent.orgId, capacity: 3 });
  topics = [
    await openTopic(1, sup1.id, ind.id),
    await openTopic(2, sup1.id, ind.id),
    await openTopic(2, sup2.id, ind.id),
  ];
  const stamp = Date.now();
  const rows = [1, 2, 3, 4].map((i) => ({
    studentNo: `A${stamp}${i}`,
    name: `学生${i}`,
    email: `s${i}-${stamp}@example.cn`,
    discipline: '0808',
    cohort: 2026,
    degreeType: 'professional',
  }));
  const created = await uni.client.post('/api/v1/students', { orgId: uni.orgId, students: rows });
  studentIds = created.body.items.map((s: { id: string }) => s.id);
  for (const r of rows) {
    const inv = await uni.client.post(`/api/v1/organisations/${uni.orgId}/invitations`, {
      email: r.email,
      role: 'student',
    });
    const c = new Client(t.app);
    await c.post('/api/v1/auth/invitations/accept', {
      token: inv.body.token,
      password: PASSWORD,
      displayName: r.name,
    });
    studentClients.push(c);
  }
  // Everyone wants topic 0 first (1 seat), then 1, then 2.
  for (const c of studentClients)
    expect(
      (await c.put('/api/v1/students/me/preferences', { topicIds: [topics[0], topics[1], topics[2]] }))
        .status,
    ).toBe(200);
});
afterAll(() => t.close());

async function runAndWait(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/allocation/runs', { orgId: uni.orgId, cohort: 2026, ...body });
  expect(res.status).toBe(202);
  await t.app.deps.jobs.allocation.drain();
  const run = await client.get(`/api/v1/allocation/runs/${res.body.id}`);
  expect(run.body.state).toBe('succeeded');
  const outs = await client.get(`/api/v1/allocation/runs/${res.body.id}/outcomes`);
  return {
    run: run.body,
    outcomes: outs.body.items as {
      studentId: string;
      topicId: string | null;
      reason: string;
      locked: boolean;
      rank: number | null;
    }[],
  };
}

describe('allocation runs', () => {
  it('only the graduate-school admin of that university runs, reads and publishes', async () => {
    expect(
      (await other.client.post('/api/v1/allocation/runs', { orgId: uni.orgId, cohort: 2026, mode: 'stable' }))
        .status,
    ).toBe(403);
    const supervisor = await addMember(t.app, uni, 'supervisor');
    expect(
      (
        await supervisor.client.post('/api/v1/allocation/runs', {
          orgId: uni.orgId,
          cohort: 2026,
          mode: 'stable',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await studentClients[0]!.post('/api/v1/allocation/runs', {
          orgId: uni.orgId,
          cohort: 2026,
          mode: 'stable',
        })
      ).status,
    ).toBe(403);
    const { run } = await runAndWait(uni.client, { mode: 'stable', seed: 7 });
    expect((await other.client.get(`/api/v1/allocation/runs/${run.id}`)).status).toBe(403);
    expect((await other.client.post(`/api/v1/allocation/runs/${run.id}/publish`)).status).toBe(403);
    expect((await studentClients[0]!.get(`/api/v1/allocation/runs/${run.id}/outcomes`)).status).toBe(403);
  });

  it('respects capacities, explains every student, and is reproducible for a seed', async () => {
    const a = await runAndWait(uni.client, { mode: 'stable', seed: 42 });
    const b = await runAndWait(uni.client, { mode: 'stable', seed: 42 });
    expect(a.outcomes).toEqual(b.outcomes);
    expect(a.outcomes).toHaveLength(4);
    const perTopic = (id: string) => a.outcomes.filter((o) => o.topicId === id).length;
    expect(perTopic(topics[0]!)).toBe(1);
    expect(perTopic(topics[1]!)).toBe(2);
    // The industry mentor co-supervises all three topics with capacity 3: topics 0 and 1 use it up,
    // so topic 2 stays empty and one student is unmatched because of the mentor, not the topic.
    expect(perTopic(topics[2]!)).toBe(0);
    expect(a.run.summary.assigned).toBe(3);
    const unmatched = a.outcomes.filter((o) => o.topicId === null);
    expect(unmatched).toHaveLength(1);
    expect(unmatched[0]!.reason).toMatch(/mentor '.*' at capacity \(3\/3/);
    for (const o of a.outcomes) expect(o.reason.length).toBeGreaterThan(0);
  });

  it('optimal mode runs too', async () => {
    const o = await runAndWait(uni.client, { mode: 'optimal', seed: 1 });
    expect(o.outcomes.filter((x) => x.topicId)).toHaveLength(3);
    expect(o.run.summary.solver).toMatchObject({ solver: 'highs', optimal: true });
  });

  it('locked pairs survive re-runs', async () => {
    expect(
      (await uni.client.put('/api/v1/allocation/locks', { studentId: studentIds[3], topicId: topics[0] }))
        .status,
    ).toBe(204);
    for (const seed of [1, 2, 3]) {
      const { outcomes } = await runAndWait(uni.client, { mode: 'stable', seed });
      const locked = outcomes.find((o) => o.studentId === studentIds[3]);
      expect(locked).toMatchObject({ topicId: topics[0], locked: true });
    }
    expect((await uni.client.delete(`/api/v1/allocation/locks/${studentIds[3]}`)).status).toBe(204);
  });

  it('publishing notifies students, who then see their topic, both mentors and the reason', async () => {
    expect((await studentClients[1]!.get('/api/v1/allocation/me')).body.published).toBe(false);
    const { run, outcomes } = await runAndWait(uni.client, { mode: 'stable', seed: 5 });
    const pub = await uni.client.post(`/api/v1/allocation/runs/${run.id}/publish`);
    expect(pub.status).toBe(200);
    expect(pub.body.state).toBe('published');
    expect((await uni.client.post(`/api/v1/allocation/runs/${run.id}/publish`)).status).toBe(409);
    for (const [i, client] of studentClients.entries()) {
      const me = await client.get('/api/v1/allocation/me');
      const mine = outcomes.find((o) => o.studentId === studentIds[i])!;
      expect(me.body).toMatchObject({
        published: true,
        runId: run.id,
        topicId: mine.topicId,
        reason: mine.reason,
      });
      if (mine.topicId) {
        expect(me.body.status).toBe('assigned');
        expect(me.body.supervisorName).toMatch(/^导师-/);
        expect(me.body.industryMentorName).toMatch(/^导师-/);
      } else {
        expect(me.body).toMatchObject({
          status: 'unmatched',
          supervisorName: null,
          industryMentorName: null,
        });
      }
    }
    const inbox = await studentClients[1]!.get('/api/v1/notifications');
    expect(
      inbox.body.items.some(
        (n: { type: string; payload: { runId: string } }) =>
          n.type === 'allocation.published' && n.payload.runId === run.id,
      ),
    ).toBe(true);
    const csv = await uni.client.get(`/api/v1/allocation/runs/${run.id}/export?format=csv`);
    expect(csv.raw.toString('utf8')).toContain('学生2');
  });
});

describe('GET /allocation/runs', () => {
  const list = (client: Client, query: string) =>
    client.get(`/api/v1/allocation/runs?orgId=${uni.orgId}&${query}`);

  it('pages through the runs of a cohort, newest first, with a cursor', async () => {
    const started: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await uni.client.post('/api/v1/allocation/runs', {
        orgId: uni.orgId,
        cohort: 2026,
        mode: 'stable',
        seed: 100 + i,
      });
      expect(res.status).toBe(202);
      started.push(res.body.id);
    }
    const seen: { id: string; cohort: number; createdAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(uni.client, `cohort=2026&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(pages).toBeGreaterThanOrEqual(3);
    const ids = seen.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The earlier tests' runs plus these five, each once, in the order of one large page.
    const whole = await list(uni.client, 'cohort=2026&limit=100');
    expect(whole.body.nextCursor).toBeNull();
    expect(ids).toEqual(whole.body.items.map((r: { id: string }) => r.id));
    expect(ids.slice(0, 5)).toEqual([...started].reverse());
    const times = seen.map((r) => Date.parse(r.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen.every((r) => r.cohort === 2026)).toBe(true);

    // Default page size, filters, and who may read.
    const first = await list(uni.client, '');
    expect(first.body.items).toHaveLength(Math.min(20, ids.length));
    expect(await list(uni.client, 'cohort=2027').then((r) => r.body)).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await list(other.client, 'limit=2')).status).toBe(403);
    expect((await list(studentClients[0]!, 'limit=2')).status).toBe(403);
    expect((await list(uni.client, 'cursor=not-a-cursor')).status).toBe(400);
    expect((await list(uni.client, 'limit=101')).status).toBe(400);
  });
});
