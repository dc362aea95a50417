/**
 * Factories (Outline-style): each test builds exactly the data it needs through the real API,
 * with unique names, so tests never depend on each other or on seeded rows.
 */
import { randomUUID } from 'node:crypto';
import type { App } from '../server/app.ts';
import { insertUser } from '../db/repositories/accounts.repository.ts';
import { hashPassword } from '../server/auth/password.ts';
import type { Database } from '../db/client.ts';
import { Client } from './support/app.ts';

export const PASSWORD = 'correct-horse-battery';
const uid = () => randomUUID().slice(0, 8);

export interface OrgHandle {
  client: Client;
  orgId: string;
  userId: string;
  email: string;
}

export async function registerOrg(
  app: App,
  kind: 'enterprise' | 'university' | 'institute',
  overrides: Record<string, unknown> = {},
): Promise<OrgHandle> {
  const client = new Client(app);
  const email = `${kind}-${uid()}@example.cn`;
  const res = await client.post('/api/v1/auth/register', {
    organisation: {
      kind,
      name: `${kind === 'enterprise' ? '测试科技有限公司' : '测试大学'}-${uid()}`,
      region: '江苏省',
      ...overrides,
    },
    admin: { email, password: PASSWORD, displayName: '管理员' },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { client, orgId: res.body.organisationId, userId: res.body.userId, email };
}

/** Invites a member with `role` and returns their logged-in client. */
export async function addMember(app: App, admin: OrgHandle, role: string): Promise<OrgHandle> {
  const email = `${role}-${uid()}@example.cn`;
  const inv = await admin.client.post(`/api/v1/organisations/${admin.orgId}/invitations`, { email, role });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`);
  const client = new Client(app);
  const acc = await client.post('/api/v1/auth/invitations/accept', {
    token: inv.body.token,
    password: PASSWORD,
    displayName: `成员-${role}`,
  });
  if (acc.status !== 200) throw new Error(`accept failed: ${acc.status} ${JSON.stringify(acc.body)}`);
  const me = await client.get('/api/v1/auth/me');
  return { client, orgId: admin.orgId, userId: me.body.id, email };
}

export async function platformAdmin(app: App, database: Database): Promise<Client> {
  const email = `admin-${uid()}@example.cn`;
  await insertUser(database.db, {
    email,
    passwordHash: await hashPassword(PASSWORD),
    displayName: '平台管理员',
    platformAdmin: true,
  });
  const client = new Client(app);
  const res = await client.post('/api/v1/auth/login', { email, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return client;
}

export function challengeInput(overrides: Record<string, unknown> = {}) {
  return {
    title: `新能源汽车动力电池健康状态估计-${uid()}`,
    summary: '面向动力电池梯次利用的健康状态快速评估',
    background: '企业拥有大量退役动力电池，需要快速判断剩余容量。',
    goals: '建立基于充放电曲线的电池健康状态估计模型，误差小于3%。',
    deliverables: '算法模型、测试报告、论文一篇',
    disciplines: ['0808', '0858'],
    skills: ['机器学习', '电化学', 'Python'],
    kind: 'thesis_topic',
    degreeType: 'professional',
    seats: 2,
    budgetWan: 30,
    region: '江苏省',
    confidentiality: 'public',
    ...overrides,
  };
}

export async function createChallenge(enterprise: OrgHandle, overrides: Record<string, unknown> = {}) {
  const res = await enterprise.client.post('/api/v1/challenges', challengeInput(overrides));
  if (res.status !== 201)
    throw new Error(`create challenge failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; state: string; title: string };
}

/** Submits a new challenge of `enterprise` and has `reviewer` publish it. */
export async function publishChallenge(
  enterprise: OrgHandle,
  reviewer: Client,
  overrides: Record<string, unknown> = {},
) {
  const c = await createChallenge(enterprise, overrides);
  const submit = await enterprise.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' });
  if (submit.status !== 200)
    throw new Error(`submit failed: ${submit.status} ${JSON.stringify(submit.body)}`);
  const res = await reviewer.post(`/api/v1/challenges/${c.id}/transitions`, {
    action: 'publish',
    reason: '通过',
  });
  if (res.status !== 200 || res.body.state !== 'published')
    throw new Error(`publish failed: ${res.status} ${JSON.stringify(res.body)}`);
  return c;
}

export function mentorInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'campus',
    name: `导师-${uid()}`,
    title: '教授',
    region: '江苏省',
    disciplines: ['0808'],
    interests: '动力电池管理系统，储能系统建模与健康状态估计',
    capacity: 3,
    ...overrides,
  };
}

/** Adds a mentor to `uni`'s pool and approves it (active). */
export async function activeMentor(uni: OrgHandle, overrides: Record<string, unknown> = {}) {
  const res = await uni.client.post('/api/v1/mentors', { ...mentorInput(overrides), poolOrgId: uni.orgId });
  if (res.status !== 201) throw new Error(`mentor create failed: ${res.status} ${JSON.stringify(res.body)}`);
  const ok = await uni.client.post(`/api/v1/mentors/${res.body.id}/transitions`, {
    action: 'approve',
    reason: '审核通过',
  });
  if (ok.status !== 200) throw new Error(`approve failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  return ok.body as { id: string; state: string };
}

/** An industry-mentor account at a fresh enterprise, applied to `pool`'s mentor pool and approved. */
export async function approvedIndustryMentor(app: App, pool: OrgHandle, interests: string) {
  const home = await registerOrg(app, 'enterprise');
  const m = await addMember(app, home, 'industry_mentor');
  const res = await m.client.post('/api/v1/mentors/apply', {
    poolOrgId: pool.orgId,
    name: '产业导师',
    title: '高级工程师',
    region: '江苏省',
    interests,
    capacity: 3,
  });
  if (res.status !== 201) throw new Error(`apply failed: ${res.status} ${JSON.stringify(res.body)}`);
  const ok = await pool.client.post(`/api/v1/mentors/${res.body.id}/transitions`, {
    action: 'approve',
    reason: '审核通过',
  });
  if (ok.status !== 200) throw new Error(`approve failed: ${ok.status} ${JSON.stringify(ok.body)}`);
  return { ...m, mentorId: res.body.id as string };
}

export function topicInput(
  uni: OrgHandle,
  supervisorId: string,
  industryMentorId: string | null,
  overrides: Record<string, unknown> = {},
) {
  return {
    orgId: uni.orgId,
    title: `基于深度学习的电池寿命预测-${uid()}`,
    description: '结合企业退役电池数据开展寿命预测研究',
    disciplines: ['0808'],
    degreeType: 'professional',
    cohort: 2026,
    capacity: 2,
    supervisorId,
    industryMentorId,
    ...overrides,
  };
}

export async function createTopic(
  uni: OrgHandle,
  supervisorId: string,
  industryMentorId: string | null,
  overrides: Record<string, unknown> = {},
) {
  const res = await uni.client.post(
    '/api/v1/topics',
    topicInput(uni, supervisorId, industryMentorId, overrides),
  );
  if (res.status !== 201) throw new Error(`topic create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; state: string };
}
