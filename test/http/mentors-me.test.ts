/**
 * A mentor's own view: GET /mentors/me (their pool records) and GET /mentors/me/students (students
 * allocated to them in published runs) — own rows only, what-if and superseded runs never shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeMentor,
  addMember,
  createTopic,
  mentorInput,
  registerOrg,
  type OrgHandle,
} from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let uni: OrgHandle;
let uni2: OrgHandle;
let ent: OrgHandle;
/** Campus supervisor who had an account before the university added them to its pool. */
let sup1: OrgHandle;
/** Campus supervisor added to the pool first, who accepted the invitation afterwards. */
let sup2: OrgHandle;
/** Industry mentor of `ent`, in the pools of `uni` and `uni2`. */
let ind: OrgHandle;
const ids = { sup1: '', sup2: '', ind: '', ind2: '' };
const names = { sup1: '', sup2: '', ind: '' };
const topics = { a: '', b: '' };
const students: { id: string; studentNo: string; name: string }[] = [];

interface MyStudent {
  runId: string;
  publishedAt: string;
  studentId: string;
  studentName: string;
  studentNo: string;
  discipline: string;
  degreeLevel: string;
  degreeType: string;
  cohort: number;
  topicId: string;
  topicTitle: string;
  role: 'supervisor' | 'industry_mentor';
  otherMentorName: string | null;
  mentorId: string;
  orgName: string;
}

function ok<T>(res: { status: number; body: T }, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function approve(admin: OrgHandle, mentorId: string) {
  ok(
    await admin.client.post(`/api/v1/mentors/${mentorId}/transitions`, { action: 'approve', reason: '通过' }),
    200,
    'approve',
  );
}

async function openTopic(supervisorId: string, industryMentorId: string | null, title: string) {
  const topic = await createTopic(uni, supervisorId, industryMentorId, { capacity: 2, title });
  for (const action of ['propose', 'approve', 'open'])
    ok(await uni.client.post(`/api/v1/topics/${topic.id}/transitions`, { action }), 200, action);
  return topic.id;
}

/** A run of cohort 2026, finished but not published (what-if). */
async function finishedRun(seed: number): Promise<string> {
  const run = ok(
    await uni.client.post('/api/v1/allocation/runs', {
      orgId: uni.orgId,
      cohort: 2026,
      mode: 'stable',
      seed,
    }),
    202,
    'run',
  );
  await t.app.deps.jobs.allocation.drain();
  expect((await uni.client.get(`/api/v1/allocation/runs/${run.id}`)).body.state).toBe('succeeded');
  return run.id as string;
}

async function myStudents(client: Client, query = ''): Promise<MyStudent[]> {
  const items: MyStudent[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: MyStudent[]; nextCursor: string | null } = ok(
      await client.get(
        `/api/v1/mentors/me/students?limit=1${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
      200,
      'my students',
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  t = await createTestApp();
  uni = await registerOrg(t.app, 'university');
  uni2 = await registerOrg(t.app, 'university');
  ent = await registerOrg(t.app, 'enterprise');

  // Account first, pool record second: the record is theirs from the start.
  sup1 = await addMember(t.app, uni, 'supervisor');
  names.sup1 = `王导师-${Date.now()}`;
  ids.sup1 = (await activeMentor(uni, { name: names.sup1, email: sup1.email.toUpperCase() })).id;

  // Pool record first, account second: accepting the invitation links it.
  const sup2Email = `sup2-${Date.now()}@example.cn`;
  names.sup2 = `李导师-${Date.now()}`;
  ids.sup2 = (await activeMentor(uni, { name: names.sup2, email: sup2Email })).id;
  const inv = ok(
    await uni.client.post(`/api/v1/organisations/${uni.orgId}/invitations`, {
      email: sup2Email,
      role: 'supervisor',
    }),
    201,
    'invite',
  );
  const sup2Client = new Client(t.app);
  ok(
    await sup2Client.post('/api/v1/auth/invitations/accept', {
      token: inv.token,
      password: 'correct-horse-battery',
      displayName: names.sup2,
    }),
    200,
    'accept',
  );
  sup2 = { client: sup2Client, orgId: uni.orgId, userId: '', email: sup2Email };

  // An industry mentor applies to two universities' pools.
  ind = await addMember(t.app, ent, 'industry_mentor');
  names.ind = `赵工程师-${Date.now()}`;
  for (const [pool, key] of [
    [uni, 'ind'],
    [uni2, 'ind2'],
  ] as const) {
    const { kind: _kind, ...profile } = mentorInput({ name: names.ind });
    const m = ok(
      await ind.client.post('/api/v1/mentors/apply', {
        ...profile,
        poolOrgId: pool.orgId,
        publications: [{ title: `电池健康状态估计-${key}`, year: 2024 }],
      }),
      201,
      'apply',
    );
    ids[key] = m.id;
    await approve(pool, m.id);
  }

  topics.a = await openTopic(ids.sup1, ids.ind, '动力电池寿命预测');
  topics.b = await openTopic(ids.sup2, null, '储能电站调度优化');

  const stamp = Date.now();
  const rows = [1, 2, 3].map((i) => ({
    studentNo: `M${stamp}${i}`,
    name: `研究生${i}`,
    discipline: '0808',
    cohort: 2026,
    degreeLevel: 'master',
    degreeType: 'professional',
  }));
  const created = ok(
    await uni.client.post('/api/v1/students', { orgId: uni.orgId, students: rows }),
    201,
    'students',
  );
  students.push(...created.items);
  // Locked pairs are kept by every run: s1, s2 → topic A (王 + 赵), s3 → topic B (李 alone).
  for (const [s, topic] of [
    [students[0]!, topics.a],
    [students[1]!, topics.a],
    [students[2]!, topics.b],
  ] as const)
    ok(await uni.client.put('/api/v1/allocation/locks', { studentId: s.id, topicId: topic }), 204, 'lock');
});
afterAll(() => t.close());

describe('GET /mentors/me', () => {
  it('returns the caller’s own records only, linked whichever came first', async () => {
    const one = ok(await sup1.client.get('/api/v1/mentors/me'), 200, 'me');
    expect(one.items.map((m: { id: string }) => m.id)).toEqual([ids.sup1]);
    expect(one.items[0]).toMatchObject({ kind: 'campus', poolOrgId: uni.orgId, state: 'active' });
    expect(one.items[0].history.length).toBeGreaterThan(0);

    const two = ok(await sup2.client.get('/api/v1/mentors/me'), 200, 'me');
    expect(two.items.map((m: { id: string }) => m.id)).toEqual([ids.sup2]);
  });

  it('lists every pool an industry mentor belongs to, with publications', async () => {
    const res = ok(await ind.client.get('/api/v1/mentors/me'), 200, 'me');
    expect(res.items.map((m: { id: string }) => m.id).sort()).toEqual([ids.ind, ids.ind2].sort());
    expect(new Set(res.items.map((m: { poolOrgId: string }) => m.poolOrgId))).toEqual(
      new Set([uni.orgId, uni2.orgId]),
    );
    for (const m of res.items) {
      expect(m.kind).toBe('industry');
      expect(m.homeOrgId).toBe(ent.orgId);
      expect(m.publications).toHaveLength(1);
    }
  });

  it('is an empty list for someone who is in no pool, and 401 without a session', async () => {
    for (const who of [uni, ent]) {
      const res = ok(await who.client.get('/api/v1/mentors/me'), 200, 'me');
      expect(res.items).toEqual([]);
    }
    const anonymous = new Client(t.app);
    expect((await anonymous.get('/api/v1/mentors/me')).status).toBe(401);
    expect((await anonymous.get('/api/v1/mentors/me/students')).status).toBe(401);
  });

  it('does not shadow /mentors/:id', async () => {
    const res = ok(await uni.client.get(`/api/v1/mentors/${ids.sup1}`), 200, 'get');
    expect(res.id).toBe(ids.sup1);
  });
});

describe('GET /mentors/me/students', () => {
  it('shows nothing while the run is only a what-if', async () => {
    await finishedRun(1);
    for (const who of [sup1, sup2, ind]) expect(await myStudents(who.client)).toEqual([]);
  });

  it('after publication each mentor sees their own students, with role and the other mentor', async () => {
    const runId = await finishedRun(2);
    ok(await uni.client.post(`/api/v1/allocation/runs/${runId}/publish`), 200, 'publish');

    const [s1, s2, s3] = students;
    const mine1 = await myStudents(sup1.client);
    expect(mine1.map((s) => s.studentId)).toEqual([s1!.id, s2!.id]);
    for (const s of mine1) {
      expect(s).toMatchObject({
        runId,
        mentorId: ids.sup1,
        role: 'supervisor',
        otherMentorName: names.ind,
        topicId: topics.a,
        topicTitle: '动力电池寿命预测',
        discipline: '0808',
        degreeLevel: 'master',
        degreeType: 'professional',
        cohort: 2026,
      });
      expect(Date.parse(s.publishedAt)).not.toBeNaN();
    }
    expect(mine1[0]).toMatchObject({ studentNo: s1!.studentNo, studentName: '研究生1' });

    const mineInd = await myStudents(ind.client);
    expect(mineInd.map((s) => s.studentId)).toEqual([s1!.id, s2!.id]);
    for (const s of mineInd)
      expect(s).toMatchObject({ role: 'industry_mentor', mentorId: ids.ind, otherMentorName: names.sup1 });

    const mine2 = await myStudents(sup2.client);
    expect(mine2).toHaveLength(1);
    expect(mine2[0]).toMatchObject({
      studentId: s3!.id,
      role: 'supervisor',
      otherMentorName: null,
      topicId: topics.b,
    });
  });

  it('never shows another mentor’s students, and someone who mentors nobody gets an empty list', async () => {
    const mine2 = await myStudents(sup2.client);
    expect(mine2.map((s) => s.studentId)).not.toContain(students[0]!.id);
    for (const who of [uni, ent]) {
      const res = ok(await who.client.get('/api/v1/mentors/me/students'), 200, 'my students');
      expect(res).toEqual({ items: [], nextCursor: null });
    }
    // A supervisor of another university, with no pool record, has no students either.
    const other = await addMember(t.app, uni2, 'supervisor');
    expect(await myStudents(other.client)).toEqual([]);
  });

  it('paginates without gaps or repeats and rejects a forged cursor', async () => {
    const page1 = ok(await ind.client.get('/api/v1/mentors/me/students?limit=1'), 200, 'page 1');
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = ok(
      await ind.client.get(
        `/api/v1/mentors/me/students?limit=1&cursor=${encodeURIComponent(page1.nextCursor)}`,
      ),
      200,
      'page 2',
    );
    expect(page2.items).toHaveLength(1);
    expect(page2.items[0].studentId).not.toBe(page1.items[0].studentId);
    expect(page2.nextCursor).toBeNull();
    const all = ok(await ind.client.get('/api/v1/mentors/me/students?limit=100'), 200, 'all');
    expect(all.items).toHaveLength(2);
    expect(all.nextCursor).toBeNull();

    const bad = await ind.client.get('/api/v1/mentors/me/students?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('cursor');
  });

  it('a newer publication replaces the old one (superseded runs never show); a later what-if changes nothing', async () => {
    // Topics A and B are allocated now; the cohort's next run uses a new topic C (李 + 赵).
    const topicC = await openTopic(ids.sup2, ids.ind, '氢燃料电池故障诊断');
    ok(
      await uni.client.put('/api/v1/allocation/locks', { studentId: students[2]!.id, topicId: topicC }),
      204,
      'lock',
    );
    const runId = await finishedRun(3);
    ok(await uni.client.post(`/api/v1/allocation/runs/${runId}/publish`), 200, 'publish');

    expect(await myStudents(sup1.client)).toEqual([]);
    const mine2 = await myStudents(sup2.client);
    expect(mine2.map((s) => [s.studentId, s.topicId, s.runId, s.otherMentorName])).toEqual([
      [students[2]!.id, topicC, runId, names.ind],
    ]);
    const mineInd = await myStudents(ind.client);
    expect(mineInd.map((s) => [s.studentId, s.role, s.otherMentorName])).toEqual([
      [students[2]!.id, 'industry_mentor', names.sup2],
    ]);

    await openTopic(ids.sup1, ids.ind, '电池热失控预警');
    await finishedRun(4);
    expect(await myStudents(sup1.client)).toEqual([]);
    expect((await myStudents(ind.client)).map((s) => s.runId)).toEqual([runId]);
  });
});
