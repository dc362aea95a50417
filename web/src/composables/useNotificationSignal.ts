import { onBeforeUnmount, onMounted, watch } from 'vue';
import type { Notification } from '../api/index.ts';
import { useNotifications } from './useNotifications.ts';

/**
 * Calls `fn` for every inbox row of one of `types` that arrives while the component is mounted,
 * over the live inbox (WebSocket push, 30 s polling while the socket is down). Rows already in the
 * inbox when the component mounted are not replayed; rows of the first load may be, which only
 * costs the caller one extra refresh.
 */
export function useNotificationSignal(types: readonly string[], fn: (n: Notification) => void) {
  const inbox = useNotifications();
  const maxId = (rows: Notification[]) => rows.reduce((m, r) => Math.max(m, r.id), 0);
  let seen = maxId(inbox.items.value);
  watch(inbox.items, (rows) => {
    const fresh = rows.filter((n) => n.id > seen && types.includes(n.type));
    seen = Math.max(seen, maxId(rows));
    for (const n of fresh.reverse()) fn(n);
  });
  // Keeps the live inbox running even on a page without the bell (reference-counted).
  onMounted(inbox.start);
  onBeforeUnmount(inbox.stop);
  return { connected: inbox.connected };
}
