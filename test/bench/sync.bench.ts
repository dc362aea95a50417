/**
 * Write-to-searchable latency in embedded mode: time from the publish response to the challenge
 * appearing in /api/v1/search (outbox → worker → embed → index), against the engine's own upsert.
 */
import { pino } from 'pino';
import { migrate, openDatabase } from '../../db/client.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createSearchRuntime } from '../../server/search/runtime.ts';
import { AllocationRunner } from '../../server/services/allocation.service.ts';
import { createNotifier } from '../../server/services/notifier.ts';
import { challengeInput, platformAdmin, registerOrg } from '../factories.ts';
import { machine, memoryMiB, printTable, summarise } from './stats.ts';

const N = 60;
const database = await openDatabase({ dataDir: 'memory://' });
await migrate(database);
const config = loadConfig({ WEB_DIST: '/nonexistent', DEMO_DATA: 'false' });
const log = pino({ level: 'silent' });
const search = await createSearchRuntime({ config, db: database.db, log });
const notifier = createNotifier();
const jobs = { allocation: new AllocationRunner(database.db, notifier, log) };
const app = await buildApp({ config, database, search, notifier, jobs, logger: log });
await app.ready();

const ent = await registerOrg(app, 'enterprise');
const admin = await platformAdmin(app, database);
const visible: number[] = [];
const upserts: number[] = [];
for (let i = 0; i < N; i++) {
  const title = `benchsync${i}号 工业机器人视觉标定`;
  const c = await ent.client.post('/api/v1/challenges', challengeInput({ title }));
  await ent.client.post(`/api/v1/challenges/${c.body.id}/transitions`, { action: 'submit' });
  const t0 = performance.now();
  await admin.post(`/api/v1/challenges/${c.body.id}/transitions`, { action: 'publish' });
  const deadline = t0 + 5000;
  for (;;) {
    const r = await search.engine.search('challenges', {
      q: `benchsync${i}号`,
      filter: { field: 'state', op: 'eq', value: 'published' },
      limit: 1,
    });
    if (r.hits[0]?.id === c.body.id) break;
    if (performance.now() > deadline) throw new Error(`challenge ${i} not searchable after 5 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
  visible.push(performance.now() - t0);
  // Baseline: the engine alone, upserting an already-built document with its vector.
  const [doc] = await search.engine.get('challenges', [c.body.id]);
  const [vec] = await search.embedder.embed([title]);
  const u0 = performance.now();
  await search.engine.upsert('challenges', [{ ...doc!, _vector: vec! }]);
  upserts.push(performance.now() - u0);
}
console.log(
  `machine: ${machine()}; ${N} challenges published one by one; embedded engine, offline embedder, PGlite`,
);
printTable('write → searchable', [
  {
    name: 'publish response → visible in search (outbox + worker)',
    summary: summarise(visible),
    note: 'target ≤ 1000 ms',
  },
  { name: 'baseline: engine upsert alone', summary: summarise(upserts) },
]);
console.log('memory MiB', memoryMiB());
await app.close();
await search.close();
await database.close();
