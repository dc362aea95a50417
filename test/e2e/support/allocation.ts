/** A cohort ready for allocation, built through the real API (test/factories.ts underneath). */
import type { App } from '../../../server/app.ts';
import type { Client } from '../../support/app.ts';
import {
  activeMentor,
  addMember,
  ok,
  openTopic,
  registerOrg,
  studentAccount,
  uid,
  universityWithSchool,
} from './data.ts';

export interface CohortStudent {
  client: Client;
  id: string;
  name: string;
}

/**
 * One university, its graduate school, two campus supervisors (capacity 3 and 1) and one industry
 * mentor (capacity 3) co-supervising three open topics of cohort 2026 with 1, 2 and 2 places, and
 * four students who all rank the topics in the same order. A run therefore fills the first topic
 * (1) and the second (2), which uses up the industry mentor, so the third stays empty and one
 * student is unmatched because of the mentor's capacity.
 */
export async function allocationCohort(app: App, cohort = 2026) {
  const { uni, school } = await universityWithSchool(app);
  const home = await registerOrg(app, 'enterprise');
  const tag = uid().slice(0, 4);
  const sup1 = await activeMentor(uni, { capacity: 3, name: `陈思远-${tag}` });
  const sup2 = await activeMentor(uni, { capacity: 1, name: `王立新-${tag}` });
  const ind = await activeMentor(uni, {
    kind: 'industry',
    homeOrgId: home.orgId,
    capacity: 3,
    name: `刘振宇-${tag}`,
  });
  const base = { cohort, degreeType: 'professional', disciplines: ['0854'], industryMentorId: ind.id };
  const titles = [`视觉缺陷检测-${tag}`, `储能健康管理-${tag}`, `边缘任务卸载-${tag}`];
  const topics = [
    await openTopic(uni, school, sup1.id, { ...base, capacity: 1, title: titles[0] }),
    await openTopic(uni, school, sup1.id, { ...base, capacity: 2, title: titles[1] }),
    await openTopic(uni, school, sup2.id, { ...base, capacity: 2, title: titles[2] }),
  ].map((t, i) => ({ id: t.id, title: titles[i]! }));

  const students: CohortStudent[] = [];
  for (let i = 0; i < 4; i++) {
    const client = await studentAccount(app, uni, {
      cohort,
      degreeType: 'professional',
      discipline: '0854',
    });
    const me = await client.get<{ id: string; name: string }>('/api/v1/students/me');
    const prefs = await client.put('/api/v1/students/me/preferences', { topicIds: topics.map((t) => t.id) });
    if (prefs.status !== 200) throw new Error(`preferences: ${prefs.status} ${JSON.stringify(prefs.body)}`);
    students.push({ client, id: me.body.id, name: me.body.name });
  }
  return {
    uni,
    school,
    cohort,
    topics,
    students,
    supervisors: [sup1, sup2].map((s, i) => ({ id: s.id, name: [`陈思远-${tag}`, `王立新-${tag}`][i]! })),
    mentor: { id: ind.id, name: `刘振宇-${tag}` },
  };
}

/**
 * A university with two supervisors who have accounts, an industry mentor of an enterprise in its
 * pool, two open topics (王 + 赵, and 李 alone), three students locked onto them, and a published
 * allocation.
 */
export async function publishedAllocation(app: App) {
  const { uni, school } = await universityWithSchool(app);
  const ent = await registerOrg(app, 'enterprise');
  const tag = uid().slice(0, 4);
  const names = { sup: `王思远-${tag}`, other: `李立新-${tag}`, ind: `赵振宇-${tag}` };

  // Supervisors' accounts exist first: the pool records with their email become theirs.
  const sup = await addMember(app, uni, 'supervisor');
  const supId = (await activeMentor(uni, { name: names.sup, email: sup.email })).id;
  const other = await addMember(app, uni, 'supervisor');
  const otherId = (await activeMentor(uni, { name: names.other, email: other.email })).id;
  const ind = await addMember(app, ent, 'industry_mentor');
  const applied = ok(
    await ind.client.post('/api/v1/mentors/apply', {
      poolOrgId: uni.orgId,
      name: names.ind,
      region: '江苏省',
      disciplines: ['0808'],
      interests: '动力电池管理系统，储能系统建模与健康状态估计',
      capacity: 3,
    }),
    'apply',
    201,
  );
  ok(
    await school.client.post(`/api/v1/mentors/${applied.id}/transitions`, {
      action: 'approve',
      reason: '通过',
    }),
    'approve',
  );

  const base = { cohort: 2026, degreeType: 'professional', disciplines: ['0854'], capacity: 2 };
  const titles = { a: `动力电池寿命预测-${tag}`, b: `储能电站调度优化-${tag}` };
  const a = await openTopic(uni, school, supId, { ...base, title: titles.a, industryMentorId: applied.id });
  const b = await openTopic(uni, school, otherId, { ...base, title: titles.b });

  const stamp = uid();
  const created = ok(
    await uni.client.post('/api/v1/students', {
      orgId: uni.orgId,
      students: [1, 2, 3].map((i) => ({
        studentNo: `E${stamp}${i}`,
        name: `研究生${i}-${tag}`,
        discipline: '0854',
        cohort: 2026,
        degreeLevel: 'master',
        degreeType: 'professional',
      })),
    }),
    'students',
    201,
  );
  const students = created.items as { id: string; name: string; studentNo: string }[];
  for (const [s, topic] of [
    [students[0]!, a.id],
    [students[1]!, a.id],
    [students[2]!, b.id],
  ] as const)
    ok(await school.client.put('/api/v1/allocation/locks', { studentId: s.id, topicId: topic }), 'lock', 204);

  const run = ok(
    await school.client.post('/api/v1/allocation/runs', { orgId: uni.orgId, cohort: 2026, mode: 'stable' }),
    'run',
    202,
  );
  await app.deps.jobs.allocation.drain();
  ok(await school.client.post(`/api/v1/allocation/runs/${run.id}/publish`), 'publish');
  return { sup, other, ind, names, titles, students, supId };
}

/** Polls GET /runs/:id until the run leaves queued/running (the runner works in the background). */
export async function waitForRun(client: Client, runId: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.get<{ state: string }>(`/api/v1/allocation/runs/${runId}`);
    if (r.status !== 200) throw new Error(`run ${runId}: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.state !== 'queued' && r.body.state !== 'running') return r.body;
    if (Date.now() > until) throw new Error(`run ${runId} still ${r.body.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts a run through the API and waits for it to finish. */
export async function finishedRun(
  client: Client,
  body: { orgId: string; cohort: number; mode: 'stable' | 'optimal'; seed?: number },
) {
  const res = await client.post<{ id: string }>('/api/v1/allocation/runs', body);
  if (res.status !== 202) throw new Error(`start run: ${res.status} ${JSON.stringify(res.body)}`);
  return waitForRun(client, res.body.id) as Promise<{ id: string; state: string }>;
}
