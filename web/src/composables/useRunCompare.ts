import { computed, ref, shallowRef } from 'vue';
import { allocationApi, type AllocationRun, type Outcome } from '../api/index.ts';
import { hasResult } from './useAllocationRun.ts';

export interface Placement {
  topicId: string | null;
  topicTitle: string | null;
  rank: number | null;
}

export interface Move {
  studentId: string;
  studentNo: string;
  studentName: string;
  from: Placement;
  to: Placement;
  /** Better = a smaller rank, or matched instead of unmatched. */
  direction: 'better' | 'worse' | 'same';
}

export interface RunStats {
  assigned: number;
  total: number;
  unmatched: number;
  locked: number;
  meanRank: number | null;
  welfare: number | null;
  rankScore: number | null;
  affinity: number | null;
  histogram: number[];
}

const place = (o: Outcome | undefined): Placement => ({
  topicId: o?.topicId ?? null,
  topicTitle: o?.topicTitle ?? null,
  rank: o?.rank ?? null,
});

/** Lower is better; unmatched (or missing) counts as worse than any rank. */
const score = (p: Placement) => (p.topicId ? (p.rank ?? 1000) : Infinity);

export function statsOf(run: AllocationRun, outs: Outcome[]): RunStats {
  const ranks = outs.flatMap((o) => (o.topicId && o.rank ? [o.rank] : []));
  const s = run.summary;
  return {
    assigned: outs.filter((o) => o.topicId).length,
    total: outs.length,
    unmatched: outs.filter((o) => !o.topicId).length,
    locked: outs.filter((o) => o.locked).length,
    meanRank: ranks.length ? ranks.reduce((a, b) => a + b, 0) / ranks.length : null,
    welfare: s?.welfare?.total ?? null,
    rankScore: s?.welfare?.rankScore ?? null,
    affinity: s?.welfare?.affinity ?? null,
    histogram: s?.rankHistogram ?? [],
  };
}

/** Who moved between two runs of a cohort, and how the runs differ in matches and welfare. */
export function diffRuns(a: Outcome[], b: Outcome[]): Move[] {
  const byB = new Map(b.map((o) => [o.studentId, o]));
  const seen = new Set<string>();
  const moves: Move[] = [];
  const push = (x: Outcome | undefined, y: Outcome | undefined) => {
    const who = (x ?? y)!;
    const from = place(x);
    const to = place(y);
    if (from.topicId === to.topicId) return;
    const d = score(to) - score(from);
    moves.push({
      studentId: who.studentId,
      studentNo: who.studentNo,
      studentName: who.studentName,
      from,
      to,
      direction: d < 0 ? 'better' : d > 0 ? 'worse' : 'same',
    });
  };
  for (const x of a) {
    seen.add(x.studentId);
    push(x, byB.get(x.studentId));
  }
  for (const y of b) if (!seen.has(y.studentId)) push(undefined, y);
  return moves.sort((m, n) => m.studentNo.localeCompare(n.studentNo));
}

export function useRunCompare() {
  const runs = shallowRef<[AllocationRun, AllocationRun] | null>(null);
  const outcomes = shallowRef<[Outcome[], Outcome[]]>([[], []]);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(aId: string, bId: string): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [a, b] = await Promise.all([allocationApi.run(aId), allocationApi.run(bId)]);
      const [oa, ob] = await Promise.all([
        hasResult(a) ? allocationApi.allOutcomes(a.id) : Promise.resolve([]),
        hasResult(b) ? allocationApi.allOutcomes(b.id) : Promise.resolve([]),
      ]);
      runs.value = [a, b];
      outcomes.value = [oa, ob];
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  const stats = computed(() =>
    runs.value
      ? ([statsOf(runs.value[0], outcomes.value[0]), statsOf(runs.value[1], outcomes.value[1])] as const)
      : null,
  );
  const moves = computed(() => diffRuns(outcomes.value[0], outcomes.value[1]));
  /** Rank histograms padded to the same length: rows of [rank, a, b]. */
  const histogram = computed(() => {
    if (!stats.value) return [];
    const [a, b] = stats.value;
    const n = Math.max(a.histogram.length, b.histogram.length);
    let last = 0;
    for (let i = 0; i < n; i++) if ((a.histogram[i] ?? 0) + (b.histogram[i] ?? 0) > 0) last = i + 1;
    return Array.from({ length: last }, (_, i) => ({
      rank: i + 1,
      a: a.histogram[i] ?? 0,
      b: b.histogram[i] ?? 0,
    }));
  });

  return { runs, outcomes, loading, error, stats, moves, histogram, load };
}
