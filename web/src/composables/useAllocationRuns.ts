import { ref } from 'vue';
import {
  allocationApi,
  ApiError,
  type AllocationMode,
  type AllocationRun,
  type RunRequest,
} from '../api/index.ts';
import { i18n } from '../i18n/index.ts';
import { useCursorList } from './useCursorList.ts';
import { isActive, useRunTracker, withProgress } from './useRunTracker.ts';

export const RUNS_PAGE = 20;

/**
 * A university's allocation runs, newest first, in cursor pages of GET /allocation/runs ("load
 * more"); `reload()` starts over, e.g. when the cohort filter changes. Queued and running rows move
 * live (useRunTracker).
 */
export function useAllocationRuns(orgId: string) {
  const cohort = ref<number | undefined>(undefined);
  const list = useCursorList<AllocationRun>((cursor) =>
    allocationApi.runs(orgId, {
      limit: RUNS_PAGE,
      ...(cohort.value ? { cohort: cohort.value } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  );

  const store = (run: AllocationRun) => list.replace((r) => r.id === run.id, run);

  const tracker = useRunTracker({
    active: () => list.items.value.filter(isActive).map((r) => r.id),
    refresh: async (ids) => {
      const runs = await Promise.all(ids.map((id) => allocationApi.run(id)));
      for (const r of runs) store(r);
    },
    apply: (m) => {
      const run = list.items.value.find((r) => r.id === m.runId);
      const next = run && withProgress(run, m);
      if (next && next !== run) store(next);
    },
  });

  return { cohort, list, connected: tracker.connected };
}

/** Service field messages of POST /allocation/runs, in the interface's words. */
const RUN_FIELD_MESSAGES: Record<string, string> = {
  'no students in this cohort': 'allocation.errors.noStudents',
  'no open topics in this cohort': 'allocation.errors.noTopics',
};

/** Rewrites known service field messages so useFormErrors shows them in the current language. */
export function localiseRunError(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const fields = Object.fromEntries(
    Object.entries(err.fields).map(([k, v]) => {
      const key = RUN_FIELD_MESSAGES[v];
      return [k, key ? i18n.global.t(key) : v];
    }),
  );
  return new ApiError(err.status, err.code, err.message, fields);
}

export interface RunForm {
  cohort: number;
  mode: AllocationMode;
  rankWeight: number;
  affinityWeight: number;
  fairness: boolean;
  /** Empty = a random seed chosen by the server (and stored with the run). */
  seed: string;
}

export const blankRunForm = (): RunForm => ({
  cohort: new Date().getFullYear(),
  mode: 'stable',
  rankWeight: 1,
  affinityWeight: 0.5,
  fairness: false,
  seed: '',
});

/** The POST body for a run form; a seed that is not a whole number is sent as is for the server to refuse. */
export function runRequest(orgId: string, f: RunForm): RunRequest {
  const seed = f.seed.trim();
  return {
    orgId,
    cohort: f.cohort,
    mode: f.mode,
    weights: { rank: f.rankWeight, affinity: f.affinityWeight },
    ...(f.mode === 'optimal' ? { fairness: f.fairness } : {}),
    ...(seed ? { seed: /^-?\d+$/.test(seed) ? Number(seed) : (seed as unknown as number) } : {}),
  };
}
