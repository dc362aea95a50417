/** The API server also serves the built web app, with client-side routes falling back to its shell. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cj-web-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>产教融合</title><div id="app"></div>');
  writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
  t = await createTestApp({ webDist: dir });
});
afterAll(() => t.close());

describe('web app hosting', () => {
  it('serves files, falls back to index.html for client routes, and keeps JSON 404s for the API', async () => {
    const root = await t.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('产教融合');
    expect((await t.app.inject({ method: 'GET', url: '/app.js' })).body).toBe('console.log(1)');
    const client = await t.app.inject({ method: 'GET', url: '/challenges/123/edit' });
    expect(client.statusCode).toBe(200);
    expect(client.body).toContain('<div id="app">');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('route_not_found');
    expect((await t.app.inject({ method: 'POST', url: '/anything' })).statusCode).toBe(404);
  });
});
