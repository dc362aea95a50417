import staticFiles from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { existsSync } from 'node:fs';
import type { Database } from '../db/client.ts';
import type { Config } from './config.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerErrorHandler, registerNotFound } from './plugins/errors.ts';
import { registerRealtime, type RealtimeOptions } from './plugins/websocket.ts';
import type { EventBus } from './events/bus.ts';
import { registerRoutes } from './routes/index.ts';
import type { Notifier } from './services/notifier.ts';
import type { SearchRuntime } from './search/runtime.ts';
import type { AllocationRunner } from './services/allocation.service.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  notifier: Notifier;
  search: SearchRuntime;
  jobs: { allocation: AllocationRunner };
  /** Event bus shared by app instances; default: LISTEN/NOTIFY on PostgreSQL, in-process on PGlite. */
  events?: EventBus;
  realtime?: RealtimeOptions;
  logger?: FastifyServerOptions['logger'] | FastifyBaseLogger;
}

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

/** Builds the whole application without listening: tests `inject`, main.ts listens. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const loggerOpt = deps.logger ?? false;
  const app = Fastify({
    ...(typeof loggerOpt === 'object' && 'child' in loggerOpt
      ? { loggerInstance: loggerOpt as FastifyBaseLogger }
      : { logger: loggerOpt }),
    ajv: {
      customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true },
    },
    bodyLimit: 20 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('deps', deps);

  registerErrorHandler(app);
  await app.register(swagger, {
    openapi: {
      info: {
        title: '产教融合供需对接平台 API',
        version: '1.0.0',
        description: 'Industry–education matching marketplace',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cj_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await registerAuth(app, deps.database.db);
  await registerRealtime(app, deps);
  // Writes enqueue index changes in their transaction; wake the worker so search is fresh at once.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method !== 'GET' && reply.statusCode < 400) deps.search.worker.kick();
  });
  await app.register(registerRoutes, { prefix: '/api/v1' });

  const spa = existsSync(deps.config.webDist);
  if (spa) await app.register(staticFiles, { root: deps.config.webDist, wildcard: false });
  registerNotFound(app, spa);
  return app;
}
