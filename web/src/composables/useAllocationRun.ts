import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import {
  allocationApi,
  topicsApi,
  type AllocationLock,
  type AllocationRun,
  type Outcome,
  type Topic,
} from '../api/index.ts';
import { collectAll } from './useCursorList.ts';
import { isActive, useRunTracker, withProgress } from './useRunTracker.ts';

export type OutcomeFilter = 'all' | 'assigned' | 'unmatched' | 'locked';
export const OUTCOME_FILTERS: readonly OutcomeFilter[] = ['all', 'assigned', 'unmatched', 'locked'];
export const PAGE_SIZES = [20, 50, 100] as const;

/** States whose outcomes exist. */
export const hasResult = (r: Pick<AllocationRun, 'state'>) =>
  r.state === 'succeeded' || r.state === 'published' || r.state === 'superseded';

/** Topic, supervisor and mentor names of one cohort, from the topic list (any state). */
export interface Directory {
  topics: Map<string, Topic>;
  people: Map<string, string>;
}

export async function loadDirectory(orgId: string, cohort: number): Promise<Directory> {
  const { items } = await collectAll((cursor) =>
    topicsApi.list({ orgId, cohort, limit: 100, ...(cursor ? { cursor } : {}) }),
  );
  const topics = new Map(items.map((t) => [t.id, t]));
  const people = new Map<string, string>();
  for (const t of items) {
    people.set(t.supervisorId, t.supervisorName);
    if (t.industryMentorId && t.industryMentorName) people.set(t.industryMentorId, t.industryMentorName);
  }
  return { topics, people };
}

export interface OutcomeRow extends Outcome {
  supervisorName: string | null;
  mentorName: string | null;
  /** The pair locked now (may differ from this run's outcome, or be gone since). */
  lock: AllocationLock | null;
}

/**
 * One allocation run for the graduate school: live progress while it runs, then every student's
 * outcome with names, the current locks, filters and pages (all client-side over the run's
 * outcomes, which the reports need in full anyway), lock / unlock and publication.
 */
export function useAllocationRun(runId: Ref<string>) {
  const run = shallowRef<AllocationRun | null>(null);
  const outcomes = shallowRef<Outcome[]>([]);
  const directory = shallowRef<Directory>({ topics: new Map(), people: new Map() });
  const locks = shallowRef<Map<string, AllocationLock>>(new Map());
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const outcomesLoading = ref(false);
  const outcomesError = shallowRef<unknown>(null);
  const busy = ref<string | null>(null);

  const filter = ref<OutcomeFilter>('all');
  const query = ref('');
  const topicId = ref<string>('');
  const page = ref(1);
  const pageSize = ref<number>(PAGE_SIZES[0]);
  watch([filter, query, topicId, pageSize], () => (page.value = 1));

  async function loadLocks(r: AllocationRun): Promise<void> {
    const { items } = await allocationApi.locks(r.orgId, r.cohort);
    locks.value = new Map(items.map((l) => [l.studentId, l]));
  }

  async function loadOutcomes(r: AllocationRun): Promise<void> {
    outcomesLoading.value = true;
    outcomesError.value = null;
    try {
      const [outs, dir] = await Promise.all([
        allocationApi.allOutcomes(r.id),
        loadDirectory(r.orgId, r.cohort),
        loadLocks(r),
      ]);
      outcomes.value = outs;
      directory.value = dir;
    } catch (err) {
      outcomesError.value = err;
    } finally {
      outcomesLoading.value = false;
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const r = await allocationApi.run(runId.value);
      run.value = r;
      if (hasResult(r)) await loadOutcomes(r);
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  /** A newer version of the run arrived (poll, push, publish): load outcomes once it has them. */
  async function update(next: AllocationRun): Promise<void> {
    const had = run.value && hasResult(run.value);
    run.value = next;
    if (!had && hasResult(next)) await loadOutcomes(next);
  }

  useRunTracker({
    active: () => (run.value && isActive(run.value) ? [run.value.id] : []),
    refresh: async (ids) => {
      if (!ids.includes(runId.value)) return;
      await update(await allocationApi.run(runId.value));
    },
    apply: (m) => {
      if (run.value) run.value = withProgress(run.value, m);
    },
  });

  const rows = computed<OutcomeRow[]>(() => {
    const { people } = directory.value;
    return outcomes.value.map((o) => ({
      ...o,
      supervisorName: o.supervisorId ? (people.get(o.supervisorId) ?? null) : null,
      mentorName: o.mentorId ? (people.get(o.mentorId) ?? null) : null,
      lock: locks.value.get(o.studentId) ?? null,
    }));
  });

  const counts = computed(() => {
    const c = { all: 0, assigned: 0, unmatched: 0, locked: 0 };
    for (const r of rows.value) {
      c.all++;
      if (r.topicId) c.assigned++;
      else c.unmatched++;
      if (r.locked || r.lock) c.locked++;
    }
    return c;
  });

  const filtered = computed(() => {
    const q = query.value.trim().toLowerCase();
    return rows.value.filter((r) => {
      if (filter.value === 'assigned' && !r.topicId) return false;
      if (filter.value === 'unmatched' && r.topicId) return false;
      if (filter.value === 'locked' && !(r.locked || r.lock)) return false;
      if (topicId.value && r.topicId !== topicId.value) return false;
      if (!q) return true;
      return [r.studentName, r.studentNo, r.topicTitle ?? '', r.supervisorName ?? '', r.mentorName ?? '']
        .join('\n')
        .toLowerCase()
        .includes(q);
    });
  });
  const pageRows = computed(() =>
    filtered.value.slice((page.value - 1) * pageSize.value, page.value * pageSize.value),
  );

  /** Topics that appear in this run's outcomes, for the topic filter. */
  const assignedTopics = computed(() => {
    const m = new Map<string, string>();
    for (const o of outcomes.value) if (o.topicId) m.set(o.topicId, o.topicTitle ?? o.topicId);
    return [...m].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title));
  });

  async function lock(row: OutcomeRow): Promise<void> {
    if (!row.topicId || !run.value) return;
    busy.value = `lock:${row.studentId}`;
    try {
      await allocationApi.lock(row.studentId, row.topicId);
      await loadLocks(run.value);
    } finally {
      busy.value = null;
    }
  }

  async function unlock(row: OutcomeRow): Promise<void> {
    if (!run.value) return;
    busy.value = `lock:${row.studentId}`;
    try {
      await allocationApi.unlock(row.studentId);
      await loadLocks(run.value);
    } finally {
      busy.value = null;
    }
  }

  async function publish(): Promise<void> {
    if (!run.value) return;
    busy.value = 'publish';
    try {
      await update(await allocationApi.publish(run.value.id));
    } finally {
      busy.value = null;
    }
  }

  watch(runId, () => void load());

  return {
    run,
    loading,
    error,
    outcomes,
    outcomesLoading,
    outcomesError,
    directory,
    rows,
    counts,
    filter,
    query,
    topicId,
    page,
    pageSize,
    filtered,
    pageRows,
    assignedTopics,
    busy,
    load,
    reloadOutcomes: () => (run.value ? loadOutcomes(run.value) : Promise.resolve()),
    lock,
    unlock,
    publish,
  };
}
