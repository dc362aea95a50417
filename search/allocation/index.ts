/**
 * Allocation engine: students → industry thesis topics under topic, supervisor (校内导师) and
 * industry-mentor (产业导师) capacities. Pure and synchronous except for loading the HiGHS wasm
 * in optimal mode; the service layer persists inputs and results and runs this as a job.
 *
 * - `allocateStable`: stable matching (definition and guarantees in stable.ts).
 * - `allocateOptimal`: welfare-optimal allocation with HiGHS (formulation in optimal.ts).
 * - `validate`: every input problem with a clear message, before any run.
 */
import { compile, resolveWeights } from './compile.ts';
import { explain } from './explain.ts';
import { solveOptimal, solveRelaxation } from './optimal.ts';
import type { RelaxationResult } from './optimal.ts';
import { buildPriorities } from './priority.ts';
import { serialDictatorship, spaStudent } from './stable.ts';
import { AllocationInputError, validate, validateOptions } from './validate.ts';
import type {
  AllocationInstance,
  AllocationOptions,
  AllocationResult,
  OptimalOptions,
  PriorityMode,
  StableOptions,
} from './types.ts';

export { AllocationInputError, validate } from './validate.ts';
export type { RelaxationResult } from './optimal.ts';
export type * from './types.ts';

const DEFAULT_TIME_LIMIT_SECONDS = 60;

function checkInput(instance: AllocationInstance, options: AllocationOptions): void {
  const issues = [...validate(instance).issues, ...validateOptions(options)];
  if (issues.some((i) => i.severity === 'error')) throw new AllocationInputError(issues);
}

export function allocateStable(
  instance: AllocationInstance,
  options: Omit<StableOptions, 'mode'> = {},
): AllocationResult {
  const opts: StableOptions = { ...options, mode: 'stable' };
  const tv = performance.now();
  checkInput(instance, opts);
  const priority = opts.priority ?? 'common';
  const weights = resolveWeights(opts.weights);
  const t0 = performance.now();
  const c = compile(instance);
  const t1 = performance.now();
  const pr = buildPriorities(c, priority);
  const t2 = performance.now();
  const choice = priority === 'common' ? serialDictatorship(c, pr) : spaStudent(c, pr);
  const t3 = performance.now();
  const ex = explain(c, choice, weights, { mode: 'stable', priorities: pr });
  const t4 = performance.now();
  return {
    mode: 'stable',
    seed: instance.seed,
    assignments: ex.assignments,
    students: ex.students,
    occupancy: ex.occupancy,
    unmatched: ex.unmatched,
    welfare: ex.welfare,
    rankHistogram: ex.rankHistogram,
    stability: {
      priority,
      stable: ex.blockingPairs.length === 0,
      guaranteed: pr.laminar,
      blockingPairs: ex.blockingPairs,
      priorityConflicts: pr.conflicts,
    },
    timingsMs: {
      validate: t0 - tv,
      compile: t1 - t0,
      priorities: t2 - t1,
      match: t3 - t2,
      explain: t4 - t3,
      total: t4 - tv,
    },
  };
}

export async function allocateOptimal(
  instance: AllocationInstance,
  options: Omit<OptimalOptions, 'mode'> = {},
): Promise<AllocationResult> {
  const opts: OptimalOptions = { ...options, mode: 'optimal' };
  const tv = performance.now();
  checkInput(instance, opts);
  const weights = resolveWeights(opts.weights);
  const t0 = performance.now();
  const c = compile(instance);
  const t1 = performance.now();
  const solved = await solveOptimal(
    c,
    weights,
    opts.fairness ?? false,
    opts.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
  );
  const t2 = performance.now();
  const ex = explain(c, solved.choice, weights, { mode: 'optimal' });
  const t3 = performance.now();
  return {
    mode: 'optimal',
    seed: instance.seed,
    assignments: ex.assignments,
    students: ex.students,
    occupancy: ex.occupancy,
    unmatched: ex.unmatched,
    welfare: ex.welfare,
    rankHistogram: ex.rankHistogram,
    solver: { solver: 'highs', ...solved.solver },
    timingsMs: { validate: t0 - tv, compile: t1 - t0, ...solved.timingsMs, explain: t3 - t2, total: t3 - tv },
  };
}

export function allocate(
  instance: AllocationInstance,
  options: AllocationOptions,
): Promise<AllocationResult> {
  return options.mode === 'stable'
    ? Promise.resolve().then(() => allocateStable(instance, options))
    : allocateOptimal(instance, options);
}

/** The plain LP relaxation of optimal mode (no integrality handling): an upper bound and a baseline. */
export function lpRelaxation(
  instance: AllocationInstance,
  options: Omit<OptimalOptions, 'mode' | 'fairness'> = {},
): Promise<RelaxationResult> {
  const opts: OptimalOptions = { ...options, mode: 'optimal' };
  checkInput(instance, opts);
  return solveRelaxation(
    compile(instance),
    resolveWeights(opts.weights),
    opts.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS,
  );
}

export interface PriorityLists {
  readonly mode: PriorityMode;
  /** Common mode: σ over the non-locked students, best first. */
  readonly order?: readonly string[];
  /** Per holder, its non-locked applicants best first (what stability is judged against). */
  readonly topics: Readonly<Record<string, readonly string[]>>;
  readonly supervisors: Readonly<Record<string, readonly string[]>>;
  readonly mentors: Readonly<Record<string, readonly string[]>>;
}

/** The priority lists stable mode uses, by id — for audits ("why was I ranked below?") and checkers. */
export function priorityLists(instance: AllocationInstance, mode: PriorityMode = 'common'): PriorityLists {
  checkInput(instance, { mode: 'stable', priority: mode });
  const c = compile(instance);
  const pr = buildPriorities(c, mode);
  const collect = (agentOfTopic: (t: number) => number, ids: readonly string[], rank: Int32Array) => {
    const buckets: [number, number][][] = ids.map(() => []);
    for (let s = 0; s < c.studentIds.length; s++) {
      if (c.lockedTopic[s]! >= 0) continue;
      for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++) {
        const b = buckets[agentOfTopic(c.prefTopic[k]!)]!;
        if (!b.some(([, x]) => x === s)) b.push([rank[k]!, s]);
      }
    }
    const out: Record<string, string[]> = {};
    buckets.forEach((b, i) => {
      out[ids[i]!] = b.sort((x, y) => x[0] - y[0]).map(([, s]) => c.studentIds[s]!);
    });
    return out;
  };
  return {
    mode,
    order: pr.order ? Array.from(pr.order, (s) => c.studentIds[s]!) : undefined,
    topics: collect((t) => t, c.topicIds, pr.rT),
    supervisors: collect((t) => c.topicSup[t]!, c.supIds, pr.rL),
    mentors: collect((t) => c.topicMen[t]!, c.menIds, pr.rM),
  };
}
