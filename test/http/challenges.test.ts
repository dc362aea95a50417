import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  challengeInput,
  createChallenge,
  platformAdmin,
  registerOrg,
  type OrgHandle,
} from '../factories.ts';
import { Client, createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let entA: OrgHandle;
let entB: OrgHandle;
let uni: OrgHandle;

beforeAll(async () => {
  t = await createTestApp();
  entA = await registerOrg(t.app, 'enterprise');
  entB = await registerOrg(t.app, 'enterprise');
  uni = await registerOrg(t.app, 'university');
});
afterAll(() => t.close());

describe('challenges: creation and validation', () => {
  it('an enterprise creates a draft visible only to itself', async () => {
    const c = await createChallenge(entA);
    expect(c.state).toBe('draft');
    expect((await entA.client.get(`/api/v1/challenges/${c.id}`)).status).toBe(200);
    expect((await entB.client.get(`/api/v1/challenges/${c.id}`)).status).toBe(404);
    expect((await new Client(t.app).get(`/api/v1/challenges/${c.id}`)).status).toBe(404);
  });

  it('bad input returns 400 with field errors and writes nothing', async () => {
    const before = await entA.client.get('/api/v1/challenges?mine=true&limit=100');
    const res = await entA.client.post('/api/v1/challenges', {
      ...challengeInput(),
      title: '',
      seats: 0,
      kind: 'lottery',
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.fields)).toEqual(
      expect.arrayContaining(['title', 'seats', 'kind', 'extra']),
    );
    const after = await entA.client.get('/api/v1/challenges?mine=true&limit=100');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('refuses a university posting a challenge', async () => {
    const res = await uni.client.post('/api/v1/challenges', challengeInput());
    expect(res.status).toBe(403);
  });

  it('refuses writes without the CSRF header', async () => {
    const c = new Client(t.app);
    c.cookie = entA.client.cookie;
    const res = await c.post('/api/v1/challenges', challengeInput());
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
  });

  it('the text filter matches % and _ literally', async () => {
    const ent = await registerOrg(t.app, 'enterprise');
    await createChallenge(ent, { title: '良率_100%提升' });
    await createChallenge(ent, { title: '良率x100y提升' });
    const titles = async (q: string) =>
      (await ent.client.get(`/api/v1/challenges?mine=true&q=${encodeURIComponent(q)}`)).body.items
        .map((c: { title: string }) => c.title)
        .sort();
    expect(await titles('_100%')).toEqual(['良率_100%提升']);
    expect(await titles('良率')).toEqual(['良率_100%提升', '良率x100y提升']);
  });

  it('enterprise B cannot edit or transition enterprise A’s challenge', async () => {
    const c = await createChallenge(entA);
    const memberB = await addMember(t.app, entB, 'enterprise_member');
    expect((await memberB.client.patch(`/api/v1/challenges/${c.id}`, { title: '篡改' })).status).toBe(404);
    expect(
      (await entB.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' })).status,
    ).toBe(404);
    // Once published B can see it but still not change it.
    await entA.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'submit' });
    const admin = await platformAdmin(t.app, t.database);
    expect((await admin.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'publish' })).status).toBe(
      200,
    );
    expect((await entB.client.get(`/api/v1/challenges/${c.id}`)).status).toBe(200);
    const w = await entB.client.post(`/api/v1/challenges/${c.id}/transitions`, { action: 'withdraw' });
    expect(w.status).toBe(403);
    expect((await entA.client.get(`/api/v1/challenges/${c.id}`)).body.state).toBe('published');
  });
});
