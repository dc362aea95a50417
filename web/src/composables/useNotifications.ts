import { computed, ref, shallowRef } from 'vue';
import type { AllocationProgressMessage, ServerMessage } from '../../../server/events/schema.ts';
import { notificationsApi, type Notification } from '../api/index.ts';

export const POLL_INTERVAL_MS = 30_000;
const MAX_BACKOFF_MS = 30_000;
/** Close code for an ended session (server/events/schema.ts CloseCode.sessionEnded). */
const SESSION_ENDED = 4401;

/**
 * Live inbox for the signed-in user, one per tab, shared by the bell, the notifications page and
 * the dashboard:
 *  - GET /notifications loads the first page and the unread count;
 *  - the WebSocket at /api/v1/ws then pushes every newer inbox row (resumed with `?after=<last
 *    id seen>` after any drop, so nothing is lost or doubled), `kpi.updated` hints and, for
 *    graduate-school admins, `allocation.progress`;
 *  - while the socket is down (server restarting, proxy without WebSocket), GET /notifications is
 *    polled every 30 s instead, and reconnects back off up to 30 s.
 */
const items = shallowRef<Notification[]>([]);
const unread = ref(0);
const nextBefore = ref<number | null>(null);
const loading = ref(false);
const error = shallowRef<unknown>(null);
const connected = ref(false);
const kpiAt = ref<string | null>(null);
const kpiListeners = new Set<(topics: string[]) => void>();
const progressListeners = new Set<(m: AllocationProgressMessage) => void>();

let lastId = 0;
let users = 0;
let socket: WebSocket | null = null;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let pollTimer: ReturnType<typeof setInterval> | undefined;
let backoff = 1000;
let stopped = true;

function merge(rows: Notification[]): void {
  const byId = new Map(items.value.map((n) => [n.id, n]));
  for (const r of rows) byId.set(r.id, r);
  items.value = [...byId.values()].sort((a, b) => b.id - a.id);
  lastId = Math.max(lastId, ...rows.map((r) => r.id));
}

async function refresh(): Promise<void> {
  loading.value = true;
  try {
    const inbox = await notificationsApi.inbox({ limit: 20 });
    merge(inbox.items);
    unread.value = inbox.unread;
    if (nextBefore.value === null || items.value.length <= 20) nextBefore.value = inbox.nextBefore;
    error.value = null;
  } catch (err) {
    error.value = err;
  } finally {
    loading.value = false;
  }
}

async function loadMore(): Promise<void> {
  if (nextBefore.value === null) return;
  const inbox = await notificationsApi.inbox({ limit: 20, before: nextBefore.value });
  merge(inbox.items);
  unread.value = inbox.unread;
  nextBefore.value = inbox.nextBefore;
}

async function markRead(ids: number[] | 'all'): Promise<void> {
  const r = await notificationsApi.markRead(ids);
  unread.value = r.unread;
  const now = new Date().toISOString();
  items.value = items.value.map((n) =>
    ids === 'all' || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n,
  );
}

function onMessage(m: ServerMessage): void {
  switch (m.event) {
    case 'notification': {
      if (m.id <= lastId && items.value.some((n) => n.id === m.id)) return;
      merge([{ id: m.id, type: m.type, payload: m.payload, readAt: m.readAt, createdAt: m.createdAt }]);
      if (!m.readAt) unread.value += 1;
      return;
    }
    case 'ready':
      lastId = Math.max(lastId, m.lastId);
      backoff = 1000;
      return;
    case 'kpi.updated':
      kpiAt.value = m.at;
      for (const fn of kpiListeners) fn(m.topics);
      return;
    case 'allocation.progress':
      for (const fn of progressListeners) fn(m);
      return;
    case 'pong':
    case 'error':
      return;
  }
}

function startPolling(): void {
  if (pollTimer) return;
  pollTimer = setInterval(() => {
    if (document.visibilityState === 'visible') void refresh();
  }, POLL_INTERVAL_MS);
}
function stopPolling(): void {
  clearInterval(pollTimer);
  pollTimer = undefined;
}

function connect(): void {
  if (stopped || socket || typeof WebSocket === 'undefined') return;
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${proto}//${location.host}/api/v1/ws?after=${lastId}`);
  socket = ws;
  ws.onopen = () => {
    connected.value = true;
    stopPolling();
  };
  ws.onmessage = (e) => {
    try {
      onMessage(JSON.parse(String(e.data)) as ServerMessage);
    } catch {
      // A malformed frame is dropped; the inbox stays the source of truth.
    }
  };
  ws.onclose = (e) => {
    socket = null;
    connected.value = false;
    if (stopped) return;
    startPolling();
    if (e.code === SESSION_ENDED) return; // signed out elsewhere: polling shows the 401 state
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, backoff);
    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
  };
}

function onVisible(): void {
  if (document.visibilityState !== 'visible') return;
  if (!socket) {
    void refresh();
    connect();
  }
}

export function useNotifications() {
  /** Start live updates while at least one component wants them; `stop` when it unmounts. */
  function start(): void {
    users += 1;
    if (users > 1) return;
    stopped = false;
    startPolling();
    document.addEventListener('visibilitychange', onVisible);
    void refresh().then(connect);
  }
  function stop(): void {
    users = Math.max(0, users - 1);
    if (users > 0) return;
    stopped = true;
    stopPolling();
    clearTimeout(retryTimer);
    document.removeEventListener('visibilitychange', onVisible);
    socket?.close(1000);
    socket = null;
  }
  return {
    items,
    unread,
    loading,
    error,
    connected,
    hasMore: computed(() => nextBefore.value !== null),
    refresh,
    loadMore,
    markRead,
    start,
    stop,
  };
}

/** Server-pushed events besides notifications: KPI figures changed, allocation run progress. */
export function useLiveEvents() {
  return {
    connected,
    kpiAt,
    onKpiUpdated(fn: (topics: string[]) => void): () => void {
      kpiListeners.add(fn);
      return () => kpiListeners.delete(fn);
    },
    onAllocationProgress(fn: (m: AllocationProgressMessage) => void): () => void {
      progressListeners.add(fn);
      return () => progressListeners.delete(fn);
    },
  };
}

/** Forget the inbox on sign-out so the next account starts clean. */
export function resetNotifications(): void {
  items.value = [];
  unread.value = 0;
  nextBefore.value = null;
  error.value = null;
  lastId = 0;
}
