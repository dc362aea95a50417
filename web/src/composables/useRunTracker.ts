import { onBeforeUnmount, onMounted, watch } from 'vue';
import type { AllocationProgressMessage } from '../../../server/events/schema.ts';
import type { AllocationRun, RunState } from '../api/index.ts';
import { useLiveEvents, useNotifications } from './useNotifications.ts';

export const ACTIVE_STATES: readonly RunState[] = ['queued', 'running'];
export const isActive = (r: Pick<AllocationRun, 'state'>) => ACTIVE_STATES.includes(r.state);

/** Poll interval while the WebSocket is down (proxy without WebSocket, server restarting). */
export const POLL_FALLBACK_MS = 1000;

/**
 * The run with a pushed step applied. Only the bar moves here: a run that ended is refetched for
 * its summary or error, and pushes may arrive out of order, so the bar never goes back.
 */
export function withProgress(run: AllocationRun, m: AllocationProgressMessage): AllocationRun {
  if (run.id !== m.runId || !isActive(run)) return run;
  const state: RunState = m.state === 'running' ? 'running' : run.state;
  const progress = m.state === 'failed' ? run.progress : Math.max(run.progress, m.progress);
  return state === run.state && progress === run.progress ? run : { ...run, state, progress };
}

/**
 * Keeps queued and running allocation runs up to date. The server pushes `allocation.progress` to
 * the university's graduate-school admins when a run is claimed, at each step and when it ends:
 * steps move the bar at once, the end refetches the run. While the socket is down, GET /runs/:id
 * is polled every second instead; when it comes back, the active runs are refetched once for the
 * steps missed meanwhile.
 */
export function useRunTracker(opts: {
  /** Ids of the runs still in progress. */
  active: () => string[];
  /** Fetches these runs and stores them. */
  refresh: (ids: string[]) => Promise<void>;
  /** Applies a pushed step to the run if it is shown (see withProgress). */
  apply: (m: AllocationProgressMessage) => void;
}) {
  const inbox = useNotifications();
  const live = useLiveEvents();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = true;
  let off: (() => void) | undefined;

  const refresh = (ids: string[]) => (ids.length ? opts.refresh(ids).catch(() => undefined) : undefined);

  function schedule(): void {
    clearTimeout(timer);
    if (stopped || live.connected.value) return;
    timer = setTimeout(() => {
      const ids = opts.active();
      if (!ids.length || document.visibilityState !== 'visible') return schedule();
      void opts
        .refresh(ids)
        .catch(() => undefined)
        .finally(schedule);
    }, POLL_FALLBACK_MS);
  }

  watch(live.connected, (up) => {
    if (up && !stopped) void refresh(opts.active());
    schedule();
  });

  onMounted(() => {
    stopped = false;
    // Keeps the shared socket open on this page (reference-counted).
    inbox.start();
    off = live.onAllocationProgress((m) => {
      const shown = opts.active().includes(m.runId);
      opts.apply(m);
      if (shown && m.state !== 'running') void refresh([m.runId]);
    });
    schedule();
  });
  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(timer);
    off?.();
    inbox.stop();
  });
  return { connected: live.connected };
}
