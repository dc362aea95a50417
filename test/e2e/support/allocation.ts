/** A cohort ready for allocation, built through the real API (test/factories.ts underneath). */
import type { App } from '../../../server/app.ts';
import type { Client } from '../../support/app.ts';
import { activeMentor, openTopic, registerOrg, studentAccount, uid, universityWithSchool } from './data.ts';

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
