/**
 * The real application for browser tests: the built web app (dist/web) served by the Fastify app,
 * listening on 127.0.0.1 with an ephemeral port, over a fresh migrated database per test file.
 * Built like server/main.ts and test/support/app.ts createTestApp, minus demo data: each test
 * creates what it needs through the API (test/factories.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { migrate, openDatabase, type Database } from '../../../db/client.ts';
import { buildApp, type App } from '../../../server/app.ts';
import { loadConfig } from '../../../server/config.ts';
import { createSearchRuntime, type SearchRuntime } from '../../../server/search/runtime.ts';
import { AllocationRunner } from '../../../server/services/allocation.service.ts';
import { createNotifier } from '../../../server/services/notifier.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const WEB_DIST = path.join(ROOT, 'dist/web');
const WEB_SRC = path.join(ROOT, 'web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app when dist/web is missing or older than any file under web/. */
export function ensureWebBuilt(): void {
  const index = path.join(WEB_DIST, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(WEB_SRC)) return;
  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export interface E2eServer {
  baseUrl: string;
  app: App;
  database: Database;
  search: SearchRuntime;
  /** Waits until every committed write is visible in search. */
  drainSearch(): Promise<void>;
  close(): Promise<void>;
}

export async function startE2eServer(): Promise<E2eServer> {
  ensureWebBuilt();
  // PGlite in memory, migrated: ~3 s, once per test file.
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const env = { DEMO_DATA: 'false', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0' };
  const search = await createSearchRuntime({ config: loadConfig(env), db: database.db, log });
  const notifier = createNotifier();
  const allocation = new AllocationRunner(database.db, notifier, log);
  // Runs execute in the background as in server/main.ts, so pages see queued → running → done.
  allocation.start();

  const app = await buildApp({
    config: loadConfig({ ...env, WEB_DIST }),
    database,
    search,
    notifier,
    jobs: { allocation },
    logger: log,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    app,
    database,
    search,
    drainSearch: () => search.worker.drain(),
    close: async () => {
      await app.close();
      await allocation.stop();
      await search.close();
      await database.close();
    },
  };
}
