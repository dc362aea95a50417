/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON that each test asserts field by field */
import type { InjectOptions } from 'fastify';
import { buildApp, type App } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createNotifier } from '../../server/services/notifier.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from './database.ts';
import { pino } from 'pino';
import { createSearchRuntime, type SearchRuntime } from '../../server/search/runtime.ts';
import type { SearchEngine } from '../../search/engine.ts';
import { AllocationRunner } from '../../server/services/allocation.service.ts';

export interface TestApp {
  app: App;
  database: Database;
  search: SearchRuntime;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Wraps the real engine, e.g. to make it fail on purpose. */
  engine?: SearchEngine;
  /** Directory of a built web app to serve (default: none). */
  webDist?: string;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = loadConfig({
    WEB_DIST: opts.webDist ?? '/nonexistent',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
  });
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const search = await createSearchRuntime({
    config,
    db: database.db,
    log,
    ...(opts.engine ? { engine: opts.engine } : {}),
  });
  const notifier = createNotifier();
  const allocationRunner = new AllocationRunner(database.db, notifier, log);
  const app = await buildApp({
    config,
    database,
    search,
    notifier,
    jobs: { allocation: allocationRunner },
    logger: log,
  });
  await app.ready();
  return {
    app,
    database,
    search,
    close: async () => {
      await app.close();
      await allocationRunner.stop();
      await search.close();
      await database.close();
    },
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  raw: Buffer;
}

/** A browser-like client over app.inject: keeps the session cookie and sends the CSRF header. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(readonly app: App) {}

  async request<T = any>(
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<Res<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (first?.startsWith('cj_session=')) {
      const value = first.split(';')[0]!;
      this.cookie = value === 'cj_session=' ? undefined : value;
    }
    let body: unknown = undefined;
    if (String(res.headers['content-type'] ?? '').includes('json')) body = res.json();
    const b = body as { csrfToken?: string } | undefined;
    if (b && typeof b.csrfToken === 'string') this.csrf = b.csrfToken;
    return { status: res.statusCode, body: body as T, headers: res.headers, raw: res.rawPayload };
  }
  get = <T = any>(url: string) => this.request<T>('GET', url);
  upload = <T = any>(url: string, file: Buffer) =>
    this.request<T>('POST', url, file, { 'content-type': 'application/octet-stream' });
  post = <T = any>(url: string, body?: unknown) => this.request<T>('POST', url, body ?? {});
  patch = <T = any>(url: string, body: unknown) => this.request<T>('PATCH', url, body);
  put = <T = any>(url: string, body: unknown) => this.request<T>('PUT', url, body);
  delete = <T = any>(url: string) => this.request<T>('DELETE', url);
}
