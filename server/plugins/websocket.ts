/**
 * Real-time delivery: `GET /api/v1/ws` (WebSocket, session cookie), the event bus that carries
 * hints between app instances, the socket hub, the alert jobs (run by the outbox worker after a
 * publish commits) and the after-commit triggers (KPI broadcasts after writes, socket closing on
 * logout, allocation progress to the university's graduate-school admins). Options come from the configuration (`config.realtime`, README "Configuration");
 * `deps.realtime` overrides them (tests, benchmarks).
 *
 *   service tx commits → Notifier.deliver(rows) → bus.publish(notification: user ids)
 *     → every instance: hub marks users pending → reads inbox rows after each socket's cursor → send
 *
 * The protocol (messages, close codes) is in server/events/schema.ts and is served as JSON Schema
 * at `GET /api/v1/ws/protocol` (the upgrade route itself has no HTTP response body to document).
 */
import websocket from '@fastify/websocket';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppDeps } from '../app.ts';
import { createInProcessBus, type EventBus } from '../events/bus.ts';
import { SocketHub, sessionKey, type HubOptions } from '../events/hub.ts';
import { createPostgresBus } from '../events/postgres-bus.ts';
import { sessionExpiry } from '../events/queries.ts';
import {
  ClientMessage,
  CloseCode,
  kpiTopics,
  PROTOCOL_VERSION,
  ServerMessage,
  type KpiTopic,
} from '../events/schema.ts';
import { UnauthenticatedError, ForbiddenError } from '../errors.ts';
import { createAlerts, matcherScorer, type Alerts, type AlertsOptions } from '../services/alerts.service.ts';
import type { Config } from '../config.ts';
import { errors } from '../routes/common.ts';
import { requireActor } from './auth.ts';

/** Overrides of the configured options (`config.realtime`). */
export interface RealtimeOptions {
  hub?: Partial<HubOptions>;
  alerts?: Partial<AlertsOptions>;
  /** KPI broadcasts are coalesced over this window (ms). */
  kpiDebounceMs?: number;
  /** Browser origins allowed besides the request's own host (e.g. a separate web dev server). */
  allowedOrigins?: string[];
  /** Largest client message in bytes. */
  maxClientMessageBytes?: number;
}

/** What the real-time side needs from the app's dependencies (a subset of AppDeps). */
export type RealtimeDeps = Pick<AppDeps, 'database' | 'notifier' | 'search' | 'jobs'> & {
  config: Pick<Config, 'realtime'>;
  events?: EventBus;
  realtime?: RealtimeOptions;
};

export interface Realtime {
  bus: EventBus;
  hub: SocketHub;
  alerts: Alerts;
  /** Queues a coalesced `kpi.updated` broadcast. */
  kpiChanged(topics: KpiTopic[]): void;
  /** Resolves once due outbox work (alert jobs included) is done and no hub read is in flight. */
  settled(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime;
  }
}

const WS_PATH = '/api/v1/ws';

/** Which KPI topics a successful write under /api/v1/<resource> may change. */
function kpiTopicsFor(routeUrl: string | undefined): KpiTopic[] {
  const m = /^\/api\/v1\/([a-z-]+)(?:\/:?([a-z-]+))?/.exec(routeUrl ?? '');
  if (!m) return [];
  const resource = m[1] === 'imports' ? m[2] : m[1];
  return (kpiTopics as readonly string[]).includes(resource ?? '') ? [resource as KpiTopic] : [];
}

/** The configured options with the caller's overrides on top. */
export function realtimeOptions(config: Config['realtime'], overrides: RealtimeOptions = {}) {
  return {
    hub: {
      pingIntervalMs: config.pingIntervalMs,
      sessionCheckMs: config.sessionCheckMs,
      maxBufferedBytes: config.maxBufferedBytes,
      slowTimeoutMs: config.slowTimeoutMs,
      ...overrides.hub,
    } satisfies Partial<HubOptions>,
    alerts: {
      mentorThreshold: config.alertMentorThreshold,
      ...overrides.alerts,
    } satisfies Partial<AlertsOptions>,
    kpiDebounceMs: overrides.kpiDebounceMs ?? config.kpiDebounceMs,
    allowedOrigins: overrides.allowedOrigins ?? [...config.allowedOrigins],
    maxClientMessageBytes: overrides.maxClientMessageBytes ?? config.maxClientMessageBytes,
  };
}

async function createBus(deps: RealtimeDeps, log: FastifyBaseLogger): Promise<EventBus> {
  const { database } = deps;
  const { eventBus, eventChannel } = deps.config.realtime;
  if (eventBus === 'in-process') return createInProcessBus(log);
  if (database.kind === 'postgres' && database.sql)
    return createPostgresBus({ sql: database.sql, channel: eventChannel, log });
  if (eventBus === 'postgres') throw new Error('EVENT_BUS=postgres needs the PostgreSQL database');
  return createInProcessBus(log);
}

export async function registerRealtime(app: FastifyInstance, deps: RealtimeDeps): Promise<void> {
  const opts = realtimeOptions(deps.config.realtime, deps.realtime);
  const { database } = deps;
  const log = app.log.child({ component: 'realtime' });

  const ownBus = !deps.events;
  const bus: EventBus = deps.events ?? (await createBus(deps, log));
  const hub = new SocketHub(database.db, log, opts.hub);
  const alerts = createAlerts({
    db: database.db,
    notifier: deps.notifier,
    scorer: matcherScorer(deps.search.matcher),
    log,
    options: opts.alerts,
  });

  const unsubscribe = [
    // Alert passes are outbox jobs, enqueued by the publishing transaction (durable, retried).
    deps.search.worker.handle('alert.challenge', (id) => alerts.challengePublished(id)),
    deps.search.worker.handle('alert.topic', (id) => alerts.topicOpened(id)),
    bus.subscribe((evt) => hub.handle(evt)),
    bus.onReconnect(() => hub.catchUp()),
    deps.notifier.subscribe((rows) => {
      const users = [...new Set(rows.map((r) => r.userId))];
      bus
        .publish({ type: 'notification', users, ids: rows.map((r) => r.id) })
        .catch((err: unknown) => log.error({ err }, 'publishing a notification hint failed'));
    }),
  ];

  // After-commit work started by requests; awaited on close so shutdown does not cut it short.
  const inFlight = new Set<Promise<unknown>>();
  const track = (what: string, p: Promise<unknown>) => {
    const q = p
      .catch((err: unknown) => log.error({ err }, `${what} failed`))
      .finally(() => inFlight.delete(q));
    inFlight.add(q);
  };

  // One publish after another: NOTIFYs sent through different pool connections could overtake
  // each other, and a bar must not jump back from 80 to 20.
  let progressed: Promise<unknown> = Promise.resolve();
  unsubscribe.push(
    deps.jobs.allocation.onProgress((p) => {
      progressed = progressed
        .catch(() => undefined)
        .then(() => bus.publish({ type: 'allocation.progress', ...p }));
      track('publishing allocation progress', progressed);
    }),
  );

  let kpiPending = new Set<KpiTopic>();
  let kpiTimer: NodeJS.Timeout | undefined;
  const kpiChanged = (topics: KpiTopic[]) => {
    for (const t of topics) kpiPending.add(t);
    if (kpiTimer || !kpiPending.size) return;
    kpiTimer = setTimeout(() => {
      kpiTimer = undefined;
      const list = [...kpiPending];
      kpiPending = new Set();
      track(
        'kpi broadcast',
        bus.publish({ type: 'kpi.updated', topics: list, at: new Date().toISOString() }),
      );
    }, opts.kpiDebounceMs);
    kpiTimer.unref();
  };

  const realtime: Realtime = {
    bus,
    hub,
    alerts,
    kpiChanged,
    settled: async () => {
      await deps.search.worker.drain();
      while (inFlight.size) await Promise.all(inFlight);
      await hub.settled();
    },
  };
  app.decorate('realtime', realtime);

  // Close sockets with "going away" before @fastify/websocket's own preClose closes them bare.
  app.addHook('preClose', async () => {
    clearTimeout(kpiTimer);
    await hub.close();
  });
  app.addHook('onClose', async () => {
    await Promise.allSettled([...inFlight]);
    for (const u of unsubscribe) u();
    if (ownBus) await bus.close();
  });

  await app.register(websocket, {
    options: { maxPayload: opts.maxClientMessageBytes, perMessageDeflate: false },
  });

  // After-commit triggers: the response is only sent once the service's transaction committed.
  app.addHook('onResponse', async (req, reply) => {
    if (req.method === 'GET' || reply.statusCode >= 400) return;
    const route = req.routeOptions.url;
    if (route === '/api/v1/auth/logout' && req.sessionTokenHash) {
      track(
        'closing sockets of a logged-out session',
        bus.publish({ type: 'session.ended', sessionKey: sessionKey(req.sessionTokenHash) }),
      );
      return;
    }
    kpiChanged(kpiTopicsFor(route));
  });

  const expiries = new WeakMap<FastifyRequest, Date>();
  const allowed = new Set(opts.allowedOrigins);
  const Query = Type.Object(
    {
      after: Type.Optional(
        Type.Integer({
          minimum: 0,
          description: 'Last inbox id the client has seen; missed ones are replayed',
        }),
      ),
    },
    { additionalProperties: false },
  );

  app.route({
    method: 'GET',
    url: WS_PATH,
    // The upgrade has no HTTP body to describe; GET /api/v1/ws/protocol documents it.
    schema: { hide: true, querystring: Query },
    preHandler: async (req) => {
      // Browsers send cookies on cross-site WebSocket handshakes: only our own pages may connect.
      const origin = req.headers.origin;
      if (origin && !allowed.has(origin)) {
        let host: string | undefined;
        try {
          host = new URL(origin).host;
        } catch {
          host = undefined;
        }
        if (host !== req.headers.host)
          throw new ForbiddenError('不允许的来源 / Origin not allowed', 'origin_not_allowed');
      }
      requireActor(req);
      const expiresAt = req.sessionTokenHash
        ? await sessionExpiry(database.db, req.sessionTokenHash)
        : undefined;
      if (!expiresAt) throw new UnauthenticatedError();
      expiries.set(req, expiresAt);
    },
    handler: async (_req, reply) =>
      reply
        .status(426)
        .header('upgrade', 'websocket')
        .send({ error: { code: 'upgrade_required', message: 'Connect with a WebSocket client' } }),
    wsHandler: (socket, req) => {
      const actor = req.actor!;
      const { after } = req.query as { after?: number };
      void hub.accept(socket, {
        userId: actor.userId,
        tokenHash: req.sessionTokenHash!,
        memberships: actor.memberships,
        expiresAt: expiries.get(req)!,
        after,
      });
    },
  });

  app.get(
    `${WS_PATH}/protocol`,
    {
      schema: {
        tags: ['realtime'],
        summary: 'The WebSocket protocol of GET /api/v1/ws, as JSON Schema',
        description: [
          'Open `GET /api/v1/ws?after=<last inbox id seen>` as a WebSocket with the session cookie',
          '(401 before the upgrade without a live session; 403 for a foreign Origin). The server sends',
          'every inbox notification after `after` in id order, then `{"event":"ready","lastId":…}`, then',
          'live notifications, `kpi.updated` broadcasts and, for graduate-school admins, their',
          'university’s `allocation.progress`. Each id arrives at most once per socket;',
          'after any close, reconnect with `after` = the last id received. Close codes: 4401 session',
          'ended (sign in again), 4008 too slow (resume), 1001 server going away. Clients may send',
          '`{"type":"resume","after":n}` and `{"type":"ping"}`.',
        ].join(' '),
        response: {
          200: Type.Object({
            protocol: Type.Integer(),
            path: Type.String(),
            closeCodes: Type.Record(Type.String(), Type.Integer()),
            serverMessage: Type.Unknown({ description: 'JSON Schema of server → client messages' }),
            clientMessage: Type.Unknown({ description: 'JSON Schema of client → server messages' }),
          }),
          ...errors,
        },
      },
    },
    async () => ({
      protocol: PROTOCOL_VERSION,
      path: WS_PATH,
      closeCodes: { ...CloseCode },
      serverMessage: ServerMessage,
      clientMessage: ClientMessage,
    }),
  );
}
