import { onBeforeUnmount, onMounted } from 'vue';
import type { AllocationRun, RunState } from '../api/index.ts';
import { useNotificationSignal } from './useNotificationSignal.ts';

export const ACTIVE_STATES: readonly RunState[] = ['queued', 'running'];
export const isActive = (r: Pick<AllocationRun, 'state'>) => ACTIVE_STATES.includes(r.state);

/** Poll interval while the WebSocket is up: it only refreshes the percentage between pushes. */
export const POLL_LIVE_MS = 3000;
/** Poll interval while the WebSocket is down (proxy without WebSocket, server restarting). */
export const POLL_FALLBACK_MS = 1000;

/**
 * Keeps queued and running allocation runs up to date. The server pushes `allocation.finished`
 * to the run's author over the WebSocket when a run completes, which refreshes that run at once;
 * the percentage in between (and runs started by someone else, and failures) come from polling
 * GET /runs/:id — every 3 s while the socket is up, every second while it is down.
 */
export function useRunTracker(opts: {
  /** Ids of the runs still in progress. */
  active: () => string[];
  /** Fetches these runs and stores them. */
  refresh: (ids: string[]) => Promise<void>;
}) {
  const live = useNotificationSignal(['allocation.finished'], (n) => {
    const runId = n.payload.runId;
    if (typeof runId === 'string') void opts.refresh([runId]).catch(() => undefined);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = true;

  function schedule(): void {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(
      () => {
        const ids = opts.active();
        if (!ids.length || document.visibilityState !== 'visible') return schedule();
        void opts
          .refresh(ids)
          .catch(() => undefined)
          .finally(schedule);
      },
      live.connected.value ? POLL_LIVE_MS : POLL_FALLBACK_MS,
    );
  }

  onMounted(() => {
    stopped = false;
    schedule();
  });
  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(timer);
  });
  return { connected: live.connected, poke: schedule };
}
