/**
 * The real application for browser tests: the built web app (dist/web) served by the Fastify app,
 * listening on 127.0.0.1 with an ephemeral port, over a fresh migrated database per test file.
 * Built like server/main.ts and test/support/app.ts createTestApp, minus demo data: each test
 * creates what it needs through the API (test/factories.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
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
  /** Who serves the SPA: the application itself, or the harness stand-in (see startE2eServer). */
  spaServedBy: 'app' | 'harness';
  spaError?: string;
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

  const make = (webDist: string) =>
    buildApp({
      config: loadConfig({ ...env, WEB_DIST: webDist }),
      database,
      search,
      notifier,
      jobs: { allocation },
      logger: log,
    });

  let app: App;
  let spaServedBy: E2eServer['spaServedBy'] = 'app';
  let spaError: string | undefined;
  try {
    app = await make(WEB_DIST);
  } catch (err) {
    // Known back-end defect at the time of writing: buildApp sets a second not-found handler when
    // WEB_DIST exists ("Not found handler already set"), so `npm start` fails after `npm run build`.
    // The flows still run against the real API, with the SPA served by a small front below, and
    // the dedicated test in pages.test.ts stays red until the server serves the app itself.
    spaServedBy = 'harness';
    spaError = err instanceof Error ? err.message : String(err);
    app = await make(path.join(ROOT, '.no-web-dist'));
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  let front: Server | undefined;
  let baseUrl = appUrl;
  if (spaServedBy === 'harness') {
    front = await spaFront(appUrl);
    baseUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  }

  return {
    baseUrl,
    app,
    database,
    search,
    spaServedBy,
    ...(spaError ? { spaError } : {}),
    drainSearch: () => search.worker.drain(),
    close: async () => {
      await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
      await app.close();
      await allocation.stop();
      await search.close();
      await database.close();
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** Files from dist/web, index.html for client routes, everything under /api and /docs proxied. */
function spaFront(appUrl: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/docs')) {
      const upstream = httpRequest(
        `${appUrl}${req.url}`,
        { method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const file = path.join(WEB_DIST, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    const target = existsSync(file) && statSync(file).isFile() ? file : path.join(WEB_DIST, 'index.html');
    readFile(target)
      .then((body) => {
        res.writeHead(200, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
        res.end(body);
      })
      .catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
