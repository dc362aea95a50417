/**
 * Every workflow transition through real HTTP: for each state, each action is either allowed
 * (200, new state, audit entry with actor and reason) or refused (409 invalid_transition, state
 * unchanged). The expected tables below are written out by hand from the product rules, not
 * derived from the implementation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeMentor,
  createChallenge,
  createTopic,
  mentorInput,
  platformAdmin,
  registerOrg,
  type OrgHandle,
} from '../factories.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let ent: OrgHandle;
let uni: OrgHandle;
let reviewer: Client;
let supervisorId: string;
let industryMentorId: string;

beforeAll(async () => {
  t = await createTestApp();
  ent = await registerOrg(t.app, 'enterprise');
  uni = await registerOrg(t.app, 'university');
  reviewer = await platformAdmin(t.app, t.database);
  supervisorId = (await activeMentor(uni)).id;
  industryMentorId = (
    await activeMentor(uni, { kind: 'industry', homeOrgId: ent.orgId, title: '高级工程师' })
  ).id;
});
afterAll(() => t.close());

async function expectAudited(entityType: string, id: string, action: string, to: string, reason: string) {
  const res = await reviewer.get(`/api/v1/audit?entityType=${entityType}&entityId=${id}`);
  expect(res.status).toBe(200);
  const last = res.body.items[0];
  expect(last).toMatchObject({ action, toState: to, reason });
  expect(last.actorId).toEqual(expect.any(String));
}

// ---------------------------------------------------------------- challenges
const challengeAllowed: Record<string, Record<string, string>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { publish: 'published', return: 'returned', withdraw: 'withdrawn' },
  returned: { submit: 'submitted', withdraw: 'withdrawn' },
  published: { open_matching: 'matching', withdraw: 'withdrawn' },
  matching: { award: 'awarded', withdraw: 'withdrawn' },
  awarded: { start: 'in_progress' },
  in_progress: { deliver: 'delivered' },
  delivered: { grade: 'graded' },
  graded: { close: 'closed' },
  closed: {},
  withdrawn: {},
};
const challengeActions = [
  'submit',
  'publish',
  'return',
  'open_matching',
  'award',
  'start',
  'deliver',
  'grade',
  'close',
  'withdraw',
];
const challengePath: Record<string, string[]> = {
  draft: [],
  submitted: ['submit'],
  returned: ['submit', 'return'],
  published: ['submit', 'publish'],
  matching: ['submit', 'publish', 'open_matching'],
  awarded: ['submit', 'publish', 'open_matching', 'award'],
  in_progress: ['submit', 'publish', 'open_matching', 'award', 'start'],
  delivered: ['submit', 'publish', 'open_matching', 'award', 'start', 'deliver'],
  graded: ['submit', 'publish', 'open_matching', 'award', 'start', 'deliver', 'grade'],
  closed: ['submit', 'publish', 'open_matching', 'award', 'start', 'deliver', 'grade', 'close'],
  withdrawn: ['withdraw'],
};

async function challengeIn(state: string): Promise<{ id: string; proposalId: string | null }> {
  const c = await createChallenge(ent);
  let proposalId: string | null = null;
  for (const action of challengePath[state]!) {
    const res = await challengeAct(c.id, action, proposalId);
    if (res.status !== 200)
      throw new Error(`path to ${state}: ${action} → ${res.status} ${JSON.stringify(res.body)}`);
    if (action === 'open_matching') {
      // A university answers and the enterprise accepts, so later steps (deliver, grade) have a team.
      const p = await uni.client.post(`/api/v1/challenges/${c.id}/proposals`, {
        title: '联合攻关方案',
        approach: '数据驱动建模',
      });
      await uni.client.post(`/api/v1/proposals/${p.body.id}/transitions`, { action: 'submit' });
      await ent.client.post(`/api/v1/proposals/${p.body.id}/transitions`, { action: 'accept' });
      proposalId = p.body.id;
    }
  }
  return { id: c.id, proposalId };
}

function challengeAct(id: string, action: string, proposalId: string | null) {
  const who = action === 'publish' || action === 'return' ? reviewer : ent.client;
  const body: Record<string, unknown> = { action, reason: `理由-${action}` };
  if (action === 'grade')
    body.grade = {
      proposalId: proposalId ?? '00000000-0000-4000-8000-000000000000',
      score: 92,
      comment: '成果优秀',
    };
  return who.post(`/api/v1/challenges/${id}/transitions`, body);
}

describe('challenge workflow', () => {
  for (const [state, allowed] of Object.entries(challengeAllowed)) {
    for (const action of challengeActions) {
      const to = allowed[action];
      it(`${state} --${action}--> ${to ?? 'refused'}`, async () => {
        const { id, proposalId } = await challengeIn(state);
        const res = await challengeAct(id, action, proposalId);
        if (to) {
          expect(res.status).toBe(200);
          expect(res.body.state).toBe(to);
          await expectAudited('challenge', id, `challenge.${action}`, to, `理由-${action}`);
        } else if (
          (action === 'publish' || action === 'return') &&
          (state === 'draft' || state === 'withdrawn')
        ) {
          // Reviewers never see drafts or withdrawn challenges: refused as not found.
          expect(res.status).toBe(404);
          expect((await ent.client.get(`/api/v1/challenges/${id}`)).body.state).toBe(state);
        } else {
          expect(res.status).toBe(409);
          expect(res.body.error.code).toBe('invalid_transition');
          expect((await ent.client.get(`/api/v1/challenges/${id}`)).body.state).toBe(state);
        }
      });
    }
  }
});

// ---------------------------------------------------------------- mentor pool
const poolAllowed: Record<string, Record<string, string>> = {
  applied: { approve: 'active', reject: 'exited' },
  active: { suspend: 'suspended', exit: 'exited' },
  suspended: { reinstate: 'active', exit: 'exited' },
  exited: { reapply: 'applied' },
};
const poolPath: Record<string, string[]> = {
  applied: [],
  active: ['approve'],
  suspended: ['approve', 'suspend'],
  exited: ['approve', 'exit'],
};
describe('mentor pool workflow', () => {
  for (const [state, allowed] of Object.entries(poolAllowed)) {
    for (const action of ['approve', 'reject', 'suspend', 'reinstate', 'exit', 'reapply']) {
      const to = allowed[action];
      it(`${state} --${action}--> ${to ?? 'refused'}`, async () => {
        const m = await uni.client.post('/api/v1/mentors', { ...mentorInput(), poolOrgId: uni.orgId });
        for (const a of poolPath[state]!)
          await uni.client.post(`/api/v1/mentors/${m.body.id}/transitions`, { action: a, reason: '准备' });
        const res = await uni.client.post(`/api/v1/mentors/${m.body.id}/transitions`, {
          action,
          reason: `理由-${action}`,
        });
        if (to) {
          expect(res.status).toBe(200);
          expect(res.body.state).toBe(to);
          expect(res.body.history.at(-1)).toMatchObject({
            fromState: state,
            toState: to,
            reason: `理由-${action}`,
          });
          await expectAudited('mentor', m.body.id, `mentor.${action}`, to, `理由-${action}`);
        } else {
          expect(res.status).toBe(409);
          expect(res.body.error.code).toBe('invalid_transition');
        }
      });
    }
  }
});

// ---------------------------------------------------------------- proposals
const proposalAllowed: Record<string, Record<string, string>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { shortlist: 'shortlisted', accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn' },
  shortlisted: { accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn' },
  accepted: {},
  rejected: {},
  withdrawn: {},
};
const proposalPath: Record<string, string[]> = {
  draft: [],
  submitted: ['submit'],
  shortlisted: ['submit', 'shortlist'],
  accepted: ['submit', 'accept'],
  rejected: ['submit', 'reject'],
  withdrawn: ['withdraw'],
};
describe('proposal workflow', () => {
  let challengeId: string;
  beforeAll(async () => {
    challengeId = (await challengeIn('published')).id;
  });
  const actor = (a: string) => (a === 'submit' || a === 'withdraw' ? uni.client : ent.client);
  for (const [state, allowed] of Object.entries(proposalAllowed)) {
    for (const action of ['submit', 'shortlist', 'accept', 'reject', 'withdraw']) {
      const to = allowed[action];
      it(`${state} --${action}--> ${to ?? 'refused'}`, async () => {
        const p = await uni.client.post(`/api/v1/challenges/${challengeId}/proposals`, {
          title: '方案',
          approach: '方法',
        });
        expect(p.status).toBe(201);
        for (const a of proposalPath[state]!)
          await actor(a).post(`/api/v1/proposals/${p.body.id}/transitions`, { action: a });
        const res = await actor(action).post(`/api/v1/proposals/${p.body.id}/transitions`, {
          action,
          reason: `理由-${action}`,
        });
        if (to) {
          expect(res.status).toBe(200);
          expect(res.body.state).toBe(to);
          await expectAudited('proposal', p.body.id, `proposal.${action}`, to, `理由-${action}`);
        } else if (state === 'draft' && actor(action) === ent.client) {
          // A draft is private to the university: the enterprise cannot see it at all.
          expect(res.status).toBe(404);
        } else {
          expect(res.status).toBe(409);
          expect(res.body.error.code).toBe('invalid_transition');
        }
      });
    }
  }
});

// ---------------------------------------------------------------- thesis topics
const topicAllowed: Record<string, Record<string, string>> = {
  draft: { propose: 'proposed', withdraw: 'withdrawn' },
  proposed: { approve: 'approved', return: 'returned', withdraw: 'withdrawn' },
  returned: { propose: 'proposed', withdraw: 'withdrawn' },
  approved: { open: 'open', withdraw: 'withdrawn' },
  open: { allocate: 'allocated', close: 'closed', withdraw: 'withdrawn' },
  allocated: { close: 'closed' },
  closed: {},
  withdrawn: {},
};
const topicPath: Record<string, string[]> = {
  draft: [],
  proposed: ['propose'],
  returned: ['propose', 'return'],
  approved: ['propose', 'approve'],
  open: ['propose', 'approve', 'open'],
  allocated: ['propose', 'approve', 'open', 'allocate'],
  closed: ['propose', 'approve', 'open', 'close'],
  withdrawn: ['withdraw'],
};
describe('thesis topic workflow', () => {
  for (const [state, allowed] of Object.entries(topicAllowed)) {
    for (const action of ['propose', 'approve', 'return', 'open', 'allocate', 'close', 'withdraw']) {
      const to = allowed[action];
      it(`${state} --${action}--> ${to ?? 'refused'}`, async () => {
        const topic = await createTopic(uni, supervisorId, industryMentorId);
        for (const a of topicPath[state]!)
          await uni.client.post(`/api/v1/topics/${topic.id}/transitions`, { action: a, reason: '准备' });
        const res = await uni.client.post(`/api/v1/topics/${topic.id}/transitions`, {
          action,
          reason: `理由-${action}`,
        });
        if (to) {
          expect(res.status).toBe(200);
          expect(res.body.state).toBe(to);
          await expectAudited('topic', topic.id, `topic.${action}`, to, `理由-${action}`);
        } else {
          expect(res.status).toBe(409);
          expect(res.body.error.code).toBe('invalid_transition');
        }
      });
    }
  }
});
