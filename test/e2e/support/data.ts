/** Scenario builders on top of test/factories.ts, through the real API, for browser tests. */
import { randomUUID } from 'node:crypto';
import type { App } from '../../../server/app.ts';
import { Client } from '../../support/app.ts';
import {
  activeMentor,
  addMember,
  createChallenge,
  createTopic,
  PASSWORD,
  registerOrg,
  type OrgHandle,
} from '../../factories.ts';

export const uid = () => randomUUID().slice(0, 8);

/** The body of an API answer with the expected status; throws with the answer otherwise. */
export function ok<T>(res: { status: number; body: T }, what: string, status = 200): T {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An enterprise challenge taken through submit (and publish, when a reviewer is given). */
export async function postedChallenge(
  enterprise: OrgHandle,
  opts: { overrides?: Record<string, unknown>; reviewer?: Client } = {},
) {
  const c = await createChallenge(enterprise, opts.overrides);
  ok(await enterprise.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' }), 'submit');
  if (opts.reviewer) {
    ok(await opts.reviewer.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish' }), 'publish');
  }
  return c;
}

/** A university whose admin also has a graduate-school reviewer beside it. */
export async function universityWithSchool(app: App) {
  const uni = await registerOrg(app, 'university');
  const school = await addMember(app, uni, 'grad_admin');
  return { uni, school };
}

/** A thesis topic taken to `open` (proposed by the university, approved and opened by its school). */
export async function openTopic(
  uni: OrgHandle,
  school: OrgHandle,
  supervisorId: string,
  overrides: Record<string, unknown> = {},
) {
  const t = await createTopic(uni, supervisorId, null, overrides);
  ok(await uni.client.post(`/api/v1/topics/${t.id}/transitions`, { action: 'propose' }), 'propose');
  ok(await school.client.post(`/api/v1/topics/${t.id}/transitions`, { action: 'approve' }), 'approve');
  ok(await school.client.post(`/api/v1/topics/${t.id}/transitions`, { action: 'open' }), 'open');
  return t as { id: string; state: string; title?: string };
}

/** A student record of `uni` and the signed-in account linked to it. */
export async function studentAccount(
  app: App,
  uni: OrgHandle,
  profile: { cohort: number; degreeType: 'academic' | 'professional'; discipline: string },
) {
  const email = `student-${uid()}@example.cn`;
  ok(
    await uni.client.post('/api/v1/students', {
      orgId: uni.orgId,
      students: [{ studentNo: `S${uid()}`, name: `学生${uid().slice(0, 4)}`, email, ...profile }],
    }),
    'create student',
    201,
  );
  const inv = ok(
    await uni.client.post<{ token: string }>(`/api/v1/organisations/${uni.orgId}/invitations`, {
      email,
      role: 'student',
    }),
    'invite student',
    201,
  );
  const client = new Client(app);
  ok(
    await client.post('/api/v1/auth/invitations/accept', {
      token: inv.token,
      password: PASSWORD,
      displayName: '林同学',
    }),
    'accept invitation',
  );
  return client;
}

export { activeMentor, addMember, registerOrg };
