/**
 * The event bus seam: how one app instance tells every instance (itself included) that something
 * happened. Two implementations: in-process (embedded default, one instance) and PostgreSQL
 * LISTEN/NOTIFY (several instances on one database, see postgres-bus.ts).
 *
 * Events are hints, not data: a `notification` event names the users whose inbox grew, and each
 * instance's socket hub reads the new rows from the database (the inbox is the source of truth).
 * That keeps NOTIFY payloads small and makes a lost hint harmless: the next one catches up.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AllocationProgress, KpiTopic } from './schema.ts';

/** The logging the real-time side needs: a pino or Fastify logger. */
export type Logger = Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn' | 'error'>;

export type BusEvent =
  /** New inbox rows for these users (ids are informative; hubs read rows after their cursor). */
  | { type: 'notification'; users: string[]; ids?: number[] }
  /** Dashboard figures may have changed: broadcast to every socket, not stored. */
  | { type: 'kpi.updated'; topics: KpiTopic[]; at: string }
  /** An allocation run moved on: for the graduate-school admins of `orgId` only, not stored. */
  | ({ type: 'allocation.progress' } & AllocationProgress)
  /** A session ended (logout, revocation): close its sockets on every instance. */
  | { type: 'session.ended'; sessionKey: string };

export type BusHandler = (evt: BusEvent) => void;

export interface EventBus {
  readonly kind: 'in-process' | 'postgres';
  /** Delivers to every subscriber on every instance; resolves once handed to the transport. */
  publish(evt: BusEvent): Promise<void>;
  /** Returns an unsubscribe function. Handlers run asynchronously and must not throw. */
  subscribe(handler: BusHandler): () => void;
  /** Called after the transport (re)connects; events published while it was down may be lost. */
  onReconnect(handler: () => void): () => void;
  close(): Promise<void>;
}

/** Fan-out to local handlers, shared by both implementations. */
export class LocalFanout {
  private readonly handlers = new Set<BusHandler>();
  private readonly reconnects = new Set<() => void>();
  constructor(private readonly log?: Logger) {}

  subscribe(handler: BusHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  onReconnect(handler: () => void): () => void {
    this.reconnects.add(handler);
    return () => this.reconnects.delete(handler);
  }
  emit(evt: BusEvent): void {
    for (const h of this.handlers) {
      try {
        h(evt);
      } catch (err) {
        this.log?.error({ err, event: evt.type }, 'event bus handler failed');
      }
    }
  }
  reconnected(): void {
    for (const h of this.reconnects) {
      try {
        h();
      } catch (err) {
        this.log?.error({ err }, 'event bus reconnect handler failed');
      }
    }
  }
}

/** One process: publish hands the event to subscribers on the next tick. */
export function createInProcessBus(log?: Logger): EventBus {
  const fanout = new LocalFanout(log);
  let closed = false;
  return {
    kind: 'in-process',
    publish: async (evt) => {
      if (closed) return;
      // Asynchronous like a real transport: a publisher never runs subscribers' work inline.
      queueMicrotask(() => fanout.emit(evt));
    },
    subscribe: (h) => fanout.subscribe(h),
    onReconnect: (h) => fanout.onReconnect(h),
    close: async () => {
      closed = true;
    },
  };
}
