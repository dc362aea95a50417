/**
 * Event bus over PostgreSQL LISTEN/NOTIFY, so a notification raised on instance A reaches a socket
 * held by instance B. postgres.js runs `listen` on its own dedicated connection (separate from the
 * query pool) and re-listens after a reconnect; NOTIFY goes through the pool.
 *
 * NOTIFY payloads are limited to 8000 bytes, so events carry user ids only (never rows) and a
 * large fan-out is split into several NOTIFYs. The publishing instance hands the event to its own
 * subscribers directly and ignores its own echo.
 */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { LocalFanout, type BusEvent, type EventBus, type Logger } from './bus.ts';
import { Compile } from 'typebox/compile';
import { AllocationProgress, kpiTopics, type KpiTopic } from './schema.ts';

/** PostgreSQL rejects NOTIFY payloads of 8000 bytes or more; stay well below. */
export const MAX_NOTIFY_BYTES = 7900;

interface Envelope {
  /** Origin instance id. */
  o: string;
  e: BusEvent;
}

/** Splits an event into envelopes whose JSON stays under `maxBytes` (only user lists can grow). */
export function encodeEvent(origin: string, evt: BusEvent, maxBytes = MAX_NOTIFY_BYTES): string[] {
  if (evt.type !== 'notification') {
    const one = JSON.stringify({ o: origin, e: evt } satisfies Envelope);
    if (Buffer.byteLength(one) > maxBytes) throw new Error(`event ${evt.type} too large for NOTIFY`);
    return [one];
  }
  const out: string[] = [];
  const head = Buffer.byteLength(JSON.stringify({ o: origin, e: { type: 'notification', users: [] } }));
  let batch: string[] = [];
  let size = head;
  for (const u of evt.users) {
    const add = Buffer.byteLength(JSON.stringify(u)) + 1;
    if (batch.length && size + add > maxBytes) {
      out.push(JSON.stringify({ o: origin, e: { type: 'notification', users: batch } } satisfies Envelope));
      batch = [];
      size = head;
    }
    batch.push(u);
    size += add;
  }
  if (batch.length)
    out.push(JSON.stringify({ o: origin, e: { type: 'notification', users: batch } } satisfies Envelope));
  return out;
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const checkProgress = Compile(AllocationProgress);

/** Parses and checks an envelope from another instance; undefined when malformed. */
export function decodeEvent(payload: string): Envelope | undefined {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const { o, e } = v as { o?: unknown; e?: Record<string, unknown> };
  if (!isStr(o) || !e || typeof e !== 'object') return undefined;
  switch (e.type) {
    case 'notification':
      return Array.isArray(e.users) && e.users.every(isStr)
        ? { o, e: { type: 'notification', users: e.users } }
        : undefined;
    case 'kpi.updated':
      return Array.isArray(e.topics) &&
        e.topics.every((t) => (kpiTopics as readonly unknown[]).includes(t)) &&
        isStr(e.at)
        ? { o, e: { type: 'kpi.updated', topics: e.topics as KpiTopic[], at: e.at } }
        : undefined;
    case 'allocation.progress': {
      const { runId, orgId, state, progress } = e;
      const p = { runId, orgId, state, progress };
      return checkProgress.Check(p) ? { o, e: { type: 'allocation.progress', ...p } } : undefined;
    }
    case 'session.ended':
      return isStr(e.sessionKey) ? { o, e: { type: 'session.ended', sessionKey: e.sessionKey } } : undefined;
    default:
      return undefined;
  }
}

export interface PostgresBusOptions {
  sql: postgres.Sql;
  channel?: string;
  log: Logger;
}

export async function createPostgresBus(o: PostgresBusOptions): Promise<EventBus> {
  const channel = o.channel ?? 'cj_events';
  const origin = randomUUID();
  const fanout = new LocalFanout(o.log);
  let listens = 0;
  let closed = false;
  const sub = await o.sql.listen(
    channel,
    (payload) => {
      const env = decodeEvent(payload);
      if (!env) {
        o.log.warn({ channel, bytes: payload.length }, 'ignored a malformed event bus message');
        return;
      }
      if (env.o !== origin) fanout.emit(env.e);
    },
    () => {
      // Called after the first LISTEN and again after every reconnect: hints sent meanwhile are
      // lost, so subscribers re-read what they may have missed.
      if (listens++ > 0) {
        o.log.warn({ channel }, 'event bus reconnected; catching up');
        fanout.reconnected();
      }
    },
  );
  return {
    kind: 'postgres',
    publish: async (evt) => {
      if (closed) return;
      queueMicrotask(() => fanout.emit(evt));
      try {
        for (const payload of encodeEvent(origin, evt)) await o.sql.notify(channel, payload);
      } catch (err) {
        // Other instances miss this hint; their sockets catch up on the next one or on reconnect.
        o.log.error({ err, event: evt.type }, 'event bus NOTIFY failed');
      }
    },
    subscribe: (h) => fanout.subscribe(h),
    onReconnect: (h) => fanout.onReconnect(h),
    close: async () => {
      if (closed) return;
      closed = true;
      await sub.unlisten().catch((err: unknown) => o.log.warn({ err }, 'UNLISTEN failed'));
    },
  };
}
