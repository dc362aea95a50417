/** Every route declares its request and response schemas, and the OpenAPI document is served at /docs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Op = {
  requestBody?: unknown;
  parameters?: unknown[];
  responses?: Record<string, { content?: unknown }>;
};
/** Writes whose only input is the path (or nothing): a body schema would be meaningless. */
const BODYLESS = new Set([
  'POST /api/v1/auth/logout',
  'POST /api/v1/challenges/{id}/nda',
  'POST /api/v1/allocation/runs/{id}/publish',
]);

describe('OpenAPI', () => {
  it('serves the document and the UI at /docs', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().openapi).toMatch(/^3\./);
    expect((await t.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('every operation has a response schema for success and for errors; every write with input has a body schema', () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, Op>> };
    const problems: string[] = [];
    let count = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (!path.startsWith('/api/v1')) continue;
      for (const [method, op] of Object.entries(ops)) {
        count++;
        const name = `${method.toUpperCase()} ${path.replace(/(.)\/$/, '$1')}`;
        const codes = Object.keys(op.responses ?? {});
        const ok = codes.find((c) => c.startsWith('2'));
        if (!ok) problems.push(`${name}: no 2xx response schema`);
        else if (ok !== '204' && !op.responses![ok]!.content)
          problems.push(`${name}: 2xx response without content schema`);
        if (!codes.includes('400')) problems.push(`${name}: no 400 error schema`);
        if (['post', 'put', 'patch'].includes(method) && !BODYLESS.has(name) && !op.requestBody)
          problems.push(`${name}: no request body schema`);
      }
    }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(40);
  });
});
