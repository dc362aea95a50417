/**
 * Bad input on every write route: 400, `validation_failed` with per-field messages, and nothing
 * written (every table's row count unchanged). The route list is read from the OpenAPI document,
 * so a new write route without a case here fails this test.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeMentor, createChallenge, createTopic, registerOrg, type OrgHandle } from '../factories.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';

let t: TestApp;
let ent: OrgHandle;
let uni: OrgHandle;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  ent = await registerOrg(t.app, 'enterprise');
  uni = await registerOrg(t.app, 'university');
  const c = await createChallenge(ent);
  const m = await activeMentor(uni);
  const topic = await createTopic(uni, m.id, null);
  const cap = await uni.client.post('/api/v1/capabilities', { orgId: uni.orgId, name: '实验室' });
  const ss = await ent.client.post('/api/v1/saved-searches', { name: 'n', query: '电池' });
  ids = { challenge: c.id, mentor: m.id, topic: topic.id, capability: cap.body.id, savedSearch: ss.body.id };
  // Let the index worker finish the set-up's writes, so snapshots see only what the routes do.
  await t.search.worker.drain();
});
afterAll(() => t.close());

/** PGlite returns `{ rows }`, postgres.js an array: read both. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function snapshot(): Promise<Record<string, number>> {
  const rows = rowsOf<{ table_name: string }>(
    await t.database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    ),
  );
  const out: Record<string, number> = {};
  for (const { table_name } of rows) {
    if (table_name === 'sessions') continue; // logging in is not a write of the route under test
    const list = rowsOf<{ n: number }>(
      await t.database.db.execute(sql.raw(`select count(*)::int as n from "${table_name}"`)),
    );
    out[table_name] = list[0]!.n;
  }
  return out;
}

type Case = {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  route: string;
  url: () => string;
  body?: unknown;
  as: () => Client;
  field: string;
};
const BAD_ID = 'not-a-uuid';
const cases: Case[] = [
  {
    method: 'POST',
    route: '/api/v1/auth/login',
    url: () => '/api/v1/auth/login',
    body: { email: 'nope' },
    as: () => ent.client,
    field: 'email',
  },
  {
    method: 'POST',
    route: '/api/v1/auth/register',
    url: () => '/api/v1/auth/register',
    body: {
      organisation: { kind: 'bank', name: '' },
      admin: { email: 'x', password: 'short', displayName: 'a' },
    },
    as: () => ent.client,
    field: 'organisation.kind',
  },
  {
    method: 'POST',
    route: '/api/v1/auth/invitations/accept',
    url: () => '/api/v1/auth/invitations/accept',
    body: { token: 'x', password: '1' },
    as: () => ent.client,
    field: 'token',
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/{id}/invitations',
    url: () => `/api/v1/organisations/${ent.orgId}/invitations`,
    body: { email: 'bad', role: 'king' },
    as: () => ent.client,
    field: 'role',
  },
  {
    method: 'POST',
    route: '/api/v1/organisations/{id}/verification',
    url: () => `/api/v1/organisations/${ent.orgId}/verification`,
    body: { state: 'maybe' },
    as: () => ent.client,
    field: 'state',
  },
  {
    method: 'POST',
    route: '/api/v1/challenges',
    url: () => '/api/v1/challenges',
    body: { title: '', kind: 'x', seats: -1 },
    as: () => ent.client,
    field: 'seats',
  },
  {
    method: 'PATCH',
    route: '/api/v1/challenges/{id}',
    url: () => `/api/v1/challenges/${ids.challenge}`,
    body: { budgetWan: 'lots' },
    as: () => ent.client,
    field: 'budgetWan',
  },
  {
    method: 'POST',
    route: '/api/v1/challenges/{id}/transitions',
    url: () => `/api/v1/challenges/${ids.challenge}/transitions`,
    body: { action: 'explode' },
    as: () => ent.client,
    field: 'action',
  },
  {
    method: 'POST',
    route: '/api/v1/challenges/{id}/nda',
    url: () => `/api/v1/challenges/${BAD_ID}/nda`,
    body: {},
    as: () => uni.client,
    field: 'id',
  },
  {
    method: 'POST',
    route: '/api/v1/challenges/{id}/proposals',
    url: () => `/api/v1/challenges/${ids.challenge}/proposals`,
    body: { title: '', mentorIds: ['x'] },
    as: () => uni.client,
    field: 'approach',
  },
  {
    method: 'PATCH',
    route: '/api/v1/proposals/{id}',
    url: () => `/api/v1/proposals/${BAD_ID}`,
    body: { title: 'x' },
    as: () => uni.client,
    field: 'id',
  },
  {
    method: 'POST',
    route: '/api/v1/proposals/{id}/transitions',
    url: () => `/api/v1/proposals/${BAD_ID}/transitions`,
    body: { action: 'submit' },
    as: () => uni.client,
    field: 'id',
  },
  {
    method: 'POST',
    route: '/api/v1/mentors',
    url: () => '/api/v1/mentors',
    body: { kind: 'guru', name: '', poolOrgId: '$UNI', region: '江苏省', capacity: 99 },
    as: () => uni.client,
    field: 'capacity',
  },
  {
    method: 'POST',
    route: '/api/v1/mentors/apply',
    url: () => '/api/v1/mentors/apply',
    body: { name: 'a' },
    as: () => uni.client,
    field: 'poolOrgId',
  },
  {
    method: 'PATCH',
    route: '/api/v1/mentors/{id}',
    url: () => `/api/v1/mentors/${ids.mentor}`,
    body: { capacity: -3 },
    as: () => uni.client,
    field: 'capacity',
  },
  {
    method: 'POST',
    route: '/api/v1/mentors/{id}/transitions',
    url: () => `/api/v1/mentors/${ids.mentor}/transitions`,
    body: { action: 'promote' },
    as: () => uni.client,
    field: 'action',
  },
  {
    method: 'POST',
    route: '/api/v1/mentors/{id}/publications',
    url: () => `/api/v1/mentors/${ids.mentor}/publications`,
    body: { publications: [{ title: '', year: 1800 }] },
    as: () => uni.client,
    field: 'publications.0.year',
  },
  {
    method: 'DELETE',
    route: '/api/v1/mentors/{id}/publications/{pubId}',
    url: () => `/api/v1/mentors/${ids.mentor}/publications/${BAD_ID}`,
    as: () => uni.client,
    field: 'pubId',
  },
  {
    method: 'POST',
    route: '/api/v1/capabilities',
    url: () => '/api/v1/capabilities',
    body: { orgId: '$UNI', name: '', kind: 'zoo' },
    as: () => uni.client,
    field: 'kind',
  },
  {
    method: 'PATCH',
    route: '/api/v1/capabilities/{id}',
    url: () => `/api/v1/capabilities/${ids.capability}`,
    body: {},
    as: () => uni.client,
    field: 'body',
  },
  {
    method: 'DELETE',
    route: '/api/v1/capabilities/{id}',
    url: () => `/api/v1/capabilities/${BAD_ID}`,
    as: () => uni.client,
    field: 'id',
  },
  {
    method: 'POST',
    route: '/api/v1/topics',
    url: () => '/api/v1/topics',
    body: { orgId: '$UNI', title: 't', description: 'd', cohort: 1900, supervisorId: '$MENTOR' },
    as: () => uni.client,
    field: 'cohort',
  },
  {
    method: 'PATCH',
    route: '/api/v1/topics/{id}',
    url: () => `/api/v1/topics/${ids.topic}`,
    body: { capacity: 0 },
    as: () => uni.client,
    field: 'capacity',
  },
  {
    method: 'POST',
    route: '/api/v1/topics/{id}/transitions',
    url: () => `/api/v1/topics/${ids.topic}/transitions`,
    body: { action: 'teleport' },
    as: () => uni.client,
    field: 'action',
  },
  {
    method: 'PATCH',
    route: '/api/v1/students/me',
    url: () => '/api/v1/students/me',
    body: { statement: 'x'.repeat(5001) },
    as: () => uni.client,
    field: 'statement',
  },
  {
    method: 'PUT',
    route: '/api/v1/students/me/preferences',
    url: () => '/api/v1/students/me/preferences',
    body: { topicIds: ['x'] },
    as: () => uni.client,
    field: 'topicIds.0',
  },
  {
    method: 'POST',
    route: '/api/v1/students',
    url: () => '/api/v1/students',
    body: { orgId: '$UNI', students: [{ studentNo: 'S', name: '学生', discipline: 'CS', cohort: 2026 }] },
    as: () => uni.client,
    field: 'students.0.discipline',
  },
  {
    method: 'POST',
    route: '/api/v1/notifications/read',
    url: () => '/api/v1/notifications/read',
    body: { ids: 'some' },
    as: () => uni.client,
    field: 'ids',
  },
  {
    method: 'POST',
    route: '/api/v1/saved-searches',
    url: () => '/api/v1/saved-searches',
    body: { name: 'x', query: 'q', threshold: 2 },
    as: () => ent.client,
    field: 'threshold',
  },
  {
    method: 'PATCH',
    route: '/api/v1/saved-searches/{id}',
    url: () => `/api/v1/saved-searches/${ids.savedSearch}`,
    body: { target: 'planet' },
    as: () => ent.client,
    field: 'target',
  },
  {
    method: 'DELETE',
    route: '/api/v1/saved-searches/{id}',
    url: () => `/api/v1/saved-searches/${BAD_ID}`,
    as: () => ent.client,
    field: 'id',
  },
  {
    method: 'POST',
    route: '/api/v1/imports/{type}',
    url: () => '/api/v1/imports/challenges?format=pdf',
    body: {},
    as: () => ent.client,
    field: 'format',
  },
  {
    method: 'POST',
    route: '/api/v1/allocation/runs',
    url: () => '/api/v1/allocation/runs',
    body: { orgId: '$UNI', cohort: 2026, mode: 'lottery' },
    as: () => uni.client,
    field: 'mode',
  },
  {
    method: 'POST',
    route: '/api/v1/allocation/runs/{id}/publish',
    url: () => `/api/v1/allocation/runs/${BAD_ID}/publish`,
    body: {},
    as: () => uni.client,
    field: 'id',
  },
  {
    method: 'PUT',
    route: '/api/v1/allocation/locks',
    url: () => '/api/v1/allocation/locks',
    body: { studentId: 'x', topicId: '$MENTOR' },
    as: () => uni.client,
    field: 'studentId',
  },
  {
    method: 'DELETE',
    route: '/api/v1/allocation/locks/{studentId}',
    url: () => `/api/v1/allocation/locks/${BAD_ID}`,
    as: () => uni.client,
    field: 'studentId',
  },
  {
    method: 'PUT',
    route: '/api/v1/allocation/settings',
    url: () => '/api/v1/allocation/settings',
    body: { orgId: '$UNI', cohort: 2026, maxPreferences: 0 },
    as: () => uni.client,
    field: 'maxPreferences',
  },
  {
    method: 'POST',
    route: '/api/v1/match/preview',
    url: () => '/api/v1/match/preview',
    body: { text: 'x', target: 'robot' },
    as: () => ent.client,
    field: 'target',
  },
  {
    method: 'POST',
    route: '/api/v1/disciplines/suggest',
    url: () => '/api/v1/disciplines/suggest',
    body: { text: '' },
    as: () => ent.client,
    field: 'text',
  },
];
/** Write routes that take no input at all, so there is nothing to get wrong. */
const NO_INPUT = new Set(['POST /api/v1/auth/logout']);

describe('validation on every write route', () => {
  it('covers every write route in the OpenAPI document', () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const writes = Object.entries(spec.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${p.replace(/(.)\/$/, '$1')}`),
    );
    const covered = new Set([...cases.map((c) => `${c.method} ${c.route}`), ...NO_INPUT]);
    expect(writes.filter((w) => !covered.has(w))).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.method} ${c.route} → 400 with field "${c.field}" and no write`, async () => {
      const before = await snapshot();
      // Ids exist only after beforeAll, so bodies name them by placeholder.
      const body =
        c.body === undefined
          ? undefined
          : JSON.parse(
              JSON.stringify(c.body).replaceAll('$UNI', uni.orgId).replaceAll('$MENTOR', ids.mentor!),
            );
      const res = await c.as().request(c.method, c.url(), body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields ?? {})).toContain(c.field);
      expect(await snapshot()).toEqual(before);
    });
  }
});
