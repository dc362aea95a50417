import { computed, ref, shallowRef } from 'vue';
import { notificationsApi, type Notification } from '../api/index.ts';

export const POLL_INTERVAL_MS = 30_000;

/**
 * How fresh inbox state reaches the page. Today: polling GET /notifications every 30 s. The
 * WebSocket at /api/v1/ws plugs in here as a second transport: call `refresh()` (or merge the
 * pushed rows) from its message handler and keep the poll as the fallback when the socket drops.
 */
interface LiveTransport {
  start(onChange: () => void): void;
  stop(): void;
}

function pollingTransport(intervalMs: number): LiveTransport {
  let timer: ReturnType<typeof setInterval> | undefined;
  let onVisible: (() => void) | undefined;
  return {
    start(onChange) {
      this.stop();
      timer = setInterval(() => {
        if (document.visibilityState === 'visible') onChange();
      }, intervalMs);
      // Catch up at once when the tab comes back instead of waiting for the next tick.
      onVisible = () => {
        if (document.visibilityState === 'visible') onChange();
      };
      document.addEventListener('visibilitychange', onVisible);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (onVisible) document.removeEventListener('visibilitychange', onVisible);
      timer = undefined;
      onVisible = undefined;
    },
  };
}

// One inbox per tab, shared by the bell and the notifications page.
const items = shallowRef<Notification[]>([]);
const unread = ref(0);
const nextBefore = ref<number | null>(null);
const loading = ref(false);
const error = ref<unknown>(null);
let transport: LiveTransport | null = null;
let users = 0;

async function refresh(): Promise<void> {
  loading.value = true;
  try {
    const inbox = await notificationsApi.inbox({ limit: 20 });
    items.value = inbox.items;
    unread.value = inbox.unread;
    nextBefore.value = inbox.nextBefore;
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
  items.value = [...items.value, ...inbox.items];
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

export function useNotifications() {
  /** Start live updates while at least one component wants them; `stop` when it unmounts. */
  function start(): void {
    users += 1;
    if (users > 1) return;
    void refresh();
    transport = pollingTransport(POLL_INTERVAL_MS);
    transport.start(() => void refresh());
  }
  function stop(): void {
    users = Math.max(0, users - 1);
    if (users === 0) {
      transport?.stop();
      transport = null;
    }
  }
  return {
    items,
    unread,
    loading,
    error,
    hasMore: computed(() => nextBefore.value !== null),
    refresh,
    loadMore,
    markRead,
    start,
    stop,
  };
}

/** Forget the inbox on sign-out so the next account starts clean. */
export function resetNotifications(): void {
  items.value = [];
  unread.value = 0;
  nextBefore.value = null;
  error.value = null;
}
