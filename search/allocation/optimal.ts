/**
 * Optimal mode: maximise Σ welfare(s, t) x_st, welfare = w_rank · rankScore + w_affinity · affinity,
 * subject to Σ_t x_st ≤ 1 per student and Σ x ≤ residual capacity per topic, supervisor and mentor.
 * Locked pairs are removed from the model beforehand (they only reduce capacities).
 *
 * ## Integrality
 * Students form one partition of the columns and topics ⊂ supervisors a laminar family; the union
 * of two laminar families has a totally unimodular incidence matrix (Edmonds; Schrijver, Comb.
 * Opt., Thm 41.11), so WITHOUT mentors every LP vertex is integral. Mentor rows add a third
 * family crossing the supervisors — the problem becomes a 3-dimensional b-matching (NP-hard in
 * general) and LP vertices can be fractional. If every supervisor–mentor pair sharing a topic is
 * nested, mentors merge into the laminar family and TU (hence integrality) holds again. In
 * general we solve the LP (simplex returns a vertex), count fractional columns, and only when
 * there are some re-solve the same HiGHS model as a MIP, warm-started from the LP solution
 * rounded down (feasible: all rows are packing rows). `solver.usedMip` says which happened.
 *
 * ## Determinism and ties
 * Welfare is quantised to 1e-4 and scaled to integers; each column gets a seeded perturbation in
 * [0, 0.4 / (students + 1)), so all perturbations together stay below 0.4 < 1 quantum: an optimum
 * of the perturbed objective is an optimum of the quantised welfare, and among equal-welfare
 * optima the seeded order decides (to solver tolerance). The MIP uses mip_rel_gap = 0 and
 * mip_abs_gap = 0.05, which with the same argument proves quantised-welfare optimality. HiGHS is
 * single-threaded here and the model is built in a canonical, seeded order, so a fixed seed
 * reproduces the run.
 *
 * ## Fairness (optional)
 * "Every topic with at least one applicant gets at least one student". First tried as hard
 * constraints (lower bound 1 on those topic rows); if that is infeasible the engine maximises
 * the number of covered topics, then welfare with that coverage fixed, and reports each
 * uncovered topic with the capacity that prevents covering it — it never throws for this.
 */
import highsModule from 'highs';
import type { Highs, Model, ModelData, ModelStatusCode } from 'highs';
import { choiceWelfare, lockedWelfare } from './explain.ts';
import { seededHash } from './compile.ts';
import type { Compiled } from './compile.ts';
import type { FairnessReport, WelfareWeights } from './types.ts';

// highs' declarations are CommonJS-shaped (the loader under `.default`) while Node's ESM import
// resolves its .mjs build whose default export IS the loader; accept both shapes.
const highsLoader = ((highsModule as unknown as { default?: unknown }).default ??
  highsModule) as () => Promise<Highs>;

let loading: Promise<Highs> | undefined;

/** One HiGHS runtime per process: loading the wasm costs ~0.1 s; models are per run and disposed. */
export function loadHighs(): Promise<Highs> {
  const p =
    loading ??
    highsLoader().catch((e: unknown) => {
      loading = undefined; // let a later call retry
      throw e;
    });
  loading = p;
  return p;
}

/** Welfare units per objective unit. */
export const WELFARE_SCALE = 1e4;
const FRACTIONAL_TOLERANCE = 1e-6;

export interface WelfareModel {
  readonly data: ModelData;
  readonly numX: number;
  /** Student and global choice index of each x column. */
  readonly colStudent: Int32Array;
  readonly colChoice: Int32Array;
  /** Quantised welfare + seeded tie-break, the objective of x columns. */
  readonly xCost: Float64Array;
  /** Fairness: topics that must be covered and have at least one column, with their z column. */
  readonly coverTopics: Int32Array;
  /** Topics with an applicant that no column can cover (capacity exhausted by locks, …). */
  readonly uncoverable: Int32Array;
  /** Topics with at least one applicant (locked or not). */
  readonly topicsWithApplicants: number;
  /** Topic row index per topic (−1 when the topic has no column). */
  readonly topicRow: Int32Array;
}

/**
 * Builds the model straight into CSC typed arrays: each x column has 4 entries (student, topic,
 * supervisor, mentor row) plus a fairness cover row when asked. No LP-format text is produced —
 * at 200k columns string building and parsing costs more than the solve of small instances.
 */
export function buildWelfareModel(
  c: Compiled,
  weights: WelfareWeights,
  highs: Highs,
  fairness: boolean,
): WelfareModel {
  const S = c.studentIds.length;
  const T = c.topicIds.length;
  const { prefStart, prefTopic, topicSup, topicMen } = c;

  // Seeded column order makes the equal-welfare choice depend on the seed, not on the ids.
  const studentsInOrder = Int32Array.from({ length: S }, (_, s) => s).sort(
    (a, b) => c.studentTie[a]! - c.studentTie[b]! || a - b,
  );
  let numX = 0;
  let withCols = 0;
  for (let s = 0; s < S; s++) {
    if (c.lockedTopic[s]! >= 0) continue;
    let any = false;
    for (let k = prefStart[s]!; k < prefStart[s + 1]!; k++) {
      const t = prefTopic[k]!;
      if (c.resT[t]! > 0 && c.resL[topicSup[t]!]! > 0 && c.resM[topicMen[t]!]! > 0) {
        numX++;
        any = true;
      }
    }
    if (any) withCols++;
  }
  const colStudent = new Int32Array(numX);
  const colChoice = new Int32Array(numX);
  let j = 0;
  for (const s of studentsInOrder) {
    if (c.lockedTopic[s]! >= 0) continue;
    for (let k = prefStart[s]!; k < prefStart[s + 1]!; k++) {
      const t = prefTopic[k]!;
      if (c.resT[t]! > 0 && c.resL[topicSup[t]!]! > 0 && c.resM[topicMen[t]!]! > 0) {
        colStudent[j] = s;
        colChoice[j++] = k;
      }
    }
  }

  // Fairness bookkeeping: which topics have applicants, which are already covered by a lock.
  const hasApplicant = new Uint8Array(T);
  for (let k = 0; k < prefTopic.length; k++) hasApplicant[prefTopic[k]!] = 1;
  let topicsWithApplicants = 0;
  for (let t = 0; t < T; t++) topicsWithApplicants += hasApplicant[t]!;
  const topicCols = new Int32Array(T);
  for (let i = 0; i < numX; i++) topicCols[prefTopic[colChoice[i]!]!]!++;
  const needCover = new Uint8Array(T);
  const cover: number[] = [];
  const uncoverable: number[] = [];
  if (fairness) {
    for (let t = 0; t < T; t++) {
      if (!hasApplicant[t] || c.lockT[t]! > 0) continue;
      if (topicCols[t]! > 0) {
        needCover[t] = 1;
        cover.push(t);
      } else uncoverable.push(t);
    }
  }
  const coverTopics = Int32Array.from(cover);
  const zOfTopic = new Int32Array(T).fill(-1);
  coverTopics.forEach((t, i) => (zOfTopic[t] = numX + i));

  // Rows, numbered in order of first use.
  const studentRow = new Int32Array(S).fill(-1);
  const topicRow = new Int32Array(T).fill(-1);
  const supRow = new Int32Array(c.supIds.length).fill(-1);
  const menRow = new Int32Array(c.menIds.length).fill(-1);
  const coverRow = new Int32Array(T).fill(-1);
  const rowUpper: number[] = [];
  let rows = 0;
  const rowOf = (arr: Int32Array, i: number, upper: number) => {
    if (arr[i]! < 0) {
      arr[i] = rows++;
      rowUpper.push(upper);
    }
    return arr[i]!;
  };

  const numZ = coverTopics.length;
  const numCols = numX + numZ;
  const starts = new Int32Array(numCols + 1);
  const nnzX = 4 * numX + (fairness ? numX : 0);
  const indices = new Int32Array(nnzX + numZ);
  const values = new Float64Array(nnzX + numZ);
  const xCost = new Float64Array(numX);
  const perturbation = 0.4 / (withCols + 1);
  let e = 0;
  for (let i = 0; i < numX; i++) {
    const s = colStudent[i]!;
    const k = colChoice[i]!;
    const t = prefTopic[k]!;
    starts[i] = e;
    indices[e] = rowOf(studentRow, s, 1);
    values[e++] = 1;
    indices[e] = rowOf(topicRow, t, c.resT[t]!);
    values[e++] = 1;
    indices[e] = rowOf(supRow, topicSup[t]!, c.resL[topicSup[t]!]!);
    values[e++] = 1;
    indices[e] = rowOf(menRow, topicMen[t]!, c.resM[topicMen[t]!]!);
    values[e++] = 1;
    if (needCover[t]) {
      indices[e] = rowOf(coverRow, t, 0); // z_t − Σ x_st ≤ 0
      values[e++] = -1;
    }
    const u = seededHash(c.instance.seed, `${c.studentIds[s]}\u0000${c.topicIds[t]}`) / 2 ** 32;
    xCost[i] = Math.round(choiceWelfare(c, weights, s, k) * WELFARE_SCALE) + u * perturbation;
  }
  for (let i = 0; i < numZ; i++) {
    starts[numX + i] = e;
    indices[e] = coverRow[coverTopics[i]!]!;
    values[e++] = 1;
  }
  starts[numCols] = e;
  const colCost = new Float64Array(numCols);
  colCost.set(xCost);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);

  return {
    data: {
      numCols,
      numRows: rows,
      sense: highs.constants.objectiveSense.maximize,
      colCost,
      colLower,
      colUpper,
      rowLower: new Float64Array(rows).fill(-highs.infinity),
      rowUpper: Float64Array.from(rowUpper),
      matrix: {
        format: 'csc',
        numRows: rows,
        numCols,
        starts,
        indices: indices.subarray(0, e),
        values: values.subarray(0, e),
      },
    },
    numX,
    colStudent,
    colChoice,
    xCost,
    coverTopics,
    uncoverable: Int32Array.from(uncoverable),
    topicsWithApplicants,
    topicRow,
  };
}

export function statusName(highs: Highs, code: ModelStatusCode): string {
  for (const [name, v] of Object.entries(highs.constants.modelStatus)) if (v === code) return name;
  return `status-${code}`;
}

function countFractional(x: Float64Array, n: number): number {
  let f = 0;
  for (let j = 0; j < n; j++) if (Math.abs(x[j]! - Math.round(x[j]!)) > FRACTIONAL_TOLERANCE) f++;
  return f;
}

export interface OptimalSolve {
  choice: Int32Array;
  solver: {
    columns: number;
    rows: number;
    lpStatus: string;
    lpBound: number;
    fractionalColumns: number;
    usedMip: boolean;
    mipStatus?: string;
    mipGap?: number;
    optimal: boolean;
    fairness?: FairnessReport;
  };
  timingsMs: Record<string, number>;
}

interface Phase {
  status: ModelStatusCode;
  lpStatus: ModelStatusCode;
  lpObjective: number;
  fractional: number;
  usedMip: boolean;
  mipGap?: number;
  x?: Float64Array;
}

/**
 * Solves the current model: LP first; if its vertex is fractional, the same model as a MIP.
 * Returns the primal solution only when one is feasible.
 */
function solvePhase(
  highs: Highs,
  model: Model,
  wm: WelfareModel,
  timeLimit: number,
  warmStart: boolean,
  timings: Record<string, number>,
  tag: string,
): Phase {
  const st = highs.constants.modelStatus;
  const feasible = () => model.info.get('primal_solution_status') === highs.constants.solutionStatus.feasible;
  model.clearIntegrality();
  // Presolve off, measured on the 20k-student benchmark (175k columns): LP 0.6 s CPU instead of
  // 3.0 s, and a MIP whose LP root was already integral 3 s instead of 150 s. The model has
  // no redundancy for presolve to remove that simplex does not skip cheaply itself.
  model.options.set({ time_limit: timeLimit, presolve: 'off' });
  model.zeroAllClocks();
  let t0 = performance.now();
  const lp = model.run().modelStatus;
  timings[`${tag}lp`] = performance.now() - t0;
  const lpX = feasible() ? model.getSolution().colValue : undefined;
  const lpObjective = lpX ? model.getObjectiveValue() : Number.NaN;
  const fractional = lpX ? countFractional(lpX, wm.numX) : 0;
  if (lp !== st.optimal || fractional === 0) {
    return { status: lp, lpStatus: lp, lpObjective, fractional, usedMip: false, x: lpX };
  }
  model.changeColsIntegrality(
    { kind: 'range', from: 0, to: wm.numX - 1 },
    new Int32Array(wm.numX).fill(highs.constants.variableType.integer),
  );
  model.options.set({ mip_rel_gap: 0, mip_abs_gap: 0.05 });
  if (warmStart) {
    const start = new Float64Array(lpX!.length);
    // Rounded-down x stays feasible for packing rows; z (fairness) starts at 0 so z ≤ Σx holds.
    for (let j = 0; j < wm.numX; j++) start[j] = Math.floor(lpX![j]! + FRACTIONAL_TOLERANCE);
    model.setSolution({ colValue: start });
  }
  model.zeroAllClocks();
  t0 = performance.now();
  const mip = model.run().modelStatus;
  timings[`${tag}mip`] = performance.now() - t0;
  const x = feasible() ? model.getSolution().colValue : undefined;
  const gap = model.info.get('mip_gap');
  return {
    status: mip,
    lpStatus: lp,
    lpObjective,
    fractional,
    usedMip: true,
    mipGap: typeof gap === 'number' && Number.isFinite(gap) ? gap : undefined,
    x,
  };
}

export async function solveOptimal(
  c: Compiled,
  weights: WelfareWeights,
  fairness: boolean,
  timeLimitSeconds: number,
): Promise<OptimalSolve> {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const highs = await loadHighs();
  timings.loadSolver = performance.now() - t0;
  t0 = performance.now();
  const wm = buildWelfareModel(c, weights, highs, fairness);
  timings.build = performance.now() - t0;
  const choice = new Int32Array(c.studentIds.length).fill(-1);
  // Locked pairs are constants of the objective; the reported bound covers the whole allocation.
  let fixed = 0;
  for (let s = 0; s < c.studentIds.length; s++)
    if (c.lockedTopic[s]! >= 0) fixed += lockedWelfare(c, weights, s).welfare;
  if (wm.numX === 0) {
    // Nobody can be placed (no choices, or every capacity taken by locks): nothing to solve.
    return {
      choice,
      solver: {
        columns: 0,
        rows: 0,
        lpStatus: 'empty',
        lpBound: fixed,
        fractionalColumns: 0,
        usedMip: false,
        optimal: true,
        fairness: fairness ? fairnessReport(c, wm, choice, wm.uncoverable.length === 0) : undefined,
      },
      timingsMs: timings,
    };
  }
  const st = highs.constants.modelStatus;
  const numZ = wm.coverTopics.length;
  const zSel = numZ > 0 ? ({ kind: 'range', from: wm.numX, to: wm.numX + numZ - 1 } as const) : undefined;

  t0 = performance.now();
  const model = highs.createModel(wm.data);
  timings.pass = performance.now() - t0;
  try {
    model.options.set({ output_flag: false, random_seed: c.instance.seed % 2147483647 });
    let phase: Phase;
    let fairnessFeasible = true;
    if (zSel) {
      // Hard coverage first: z_t fixed at 1 forces Σ x_st ≥ 1.
      model.changeColsBounds(zSel, new Float64Array(numZ).fill(1), new Float64Array(numZ).fill(1));
      phase = solvePhase(highs, model, wm, timeLimitSeconds, false, timings, '');
      if (phase.status === st.infeasible) {
        fairnessFeasible = false;
        // Max coverage: only z counts.
        model.changeColsBounds(zSel, new Float64Array(numZ), new Float64Array(numZ).fill(1));
        model.changeColsCost({ kind: 'range', from: 0, to: wm.numX - 1 }, new Float64Array(wm.numX));
        model.changeColsCost(zSel, new Float64Array(numZ).fill(1));
        const cov = solvePhase(highs, model, wm, timeLimitSeconds, true, timings, 'coverage.');
        const best = cov.x ? Math.round(model.getObjectiveValue()) : 0;
        // Then welfare with that coverage kept.
        model.changeColsCost({ kind: 'range', from: 0, to: wm.numX - 1 }, wm.xCost);
        model.changeColsCost(zSel, new Float64Array(numZ));
        model.addRow(best, highs.infinity, {
          indices: Int32Array.from({ length: numZ }, (_, i) => wm.numX + i),
          values: new Float64Array(numZ).fill(1),
        });
        phase = solvePhase(highs, model, wm, timeLimitSeconds, false, timings, 'welfare.');
      }
    } else {
      phase = solvePhase(highs, model, wm, timeLimitSeconds, true, timings, '');
    }

    if (phase.x) {
      for (let j = 0; j < wm.numX; j++) if (phase.x[j]! > 0.5) choice[wm.colStudent[j]!] = wm.colChoice[j]!;
    }
    return {
      choice,
      solver: {
        columns: wm.data.numCols,
        rows: wm.data.numRows,
        lpStatus: statusName(highs, phase.lpStatus),
        lpBound: fixed + phase.lpObjective / WELFARE_SCALE,
        fractionalColumns: phase.fractional,
        usedMip: phase.usedMip,
        mipStatus: phase.usedMip ? statusName(highs, phase.status) : undefined,
        mipGap: phase.mipGap,
        optimal: phase.status === st.optimal && phase.x !== undefined,
        fairness: fairness ? fairnessReport(c, wm, choice, fairnessFeasible) : undefined,
      },
      timingsMs: timings,
    };
  } finally {
    model.dispose();
  }
}

function fairnessReport(
  c: Compiled,
  wm: WelfareModel,
  choice: Int32Array,
  hardFeasible: boolean,
): FairnessReport {
  const T = c.topicIds.length;
  const got = Int32Array.from(c.lockT);
  for (let s = 0; s < choice.length; s++) if (choice[s]! >= 0) got[c.prefTopic[choice[s]!]!]!++;
  const hasApplicant = new Uint8Array(T);
  for (let k = 0; k < c.prefTopic.length; k++) hasApplicant[c.prefTopic[k]!] = 1;
  // How many topics needing a student each supervisor / mentor would have to serve.
  const needL = new Int32Array(c.supIds.length);
  const needM = new Int32Array(c.menIds.length);
  for (let t = 0; t < T; t++) {
    if (hasApplicant[t] && c.lockT[t] === 0) {
      needL[c.topicSup[t]!]!++;
      needM[c.topicMen[t]!]!++;
    }
  }
  const uncovered: { topicId: string; reason: string }[] = [];
  let covered = 0;
  const unplaceable = new Set(wm.uncoverable);
  for (let t = 0; t < T; t++) {
    if (!hasApplicant[t]) continue;
    if (got[t]! > 0) {
      covered++;
      continue;
    }
    const l = c.topicSup[t]!;
    const m = c.topicMen[t]!;
    let reason: string;
    if (c.capT[t] === 0) reason = 'topic capacity is 0';
    else if (unplaceable.has(t)) {
      reason =
        c.resL[l]! <= 0
          ? `supervisor '${c.supIds[l]}' has no capacity left after locked pairs`
          : c.resM[m]! <= 0
            ? `mentor '${c.menIds[m]}' has no capacity left after locked pairs`
            : 'every applicant is locked to another topic';
    } else if (needL[l]! > c.resL[l]!) {
      reason = `supervisor '${c.supIds[l]}' has capacity ${c.resL[l]} for ${needL[l]} topics with applicants`;
    } else if (needM[m]! > c.resM[m]!) {
      reason = `mentor '${c.menIds[m]}' has capacity ${c.resM[m]} for ${needM[m]} topics with applicants`;
    } else {
      reason = 'its applicants are needed to cover other topics under the shared capacities';
    }
    uncovered.push({ topicId: c.topicIds[t]!, reason });
  }
  return {
    feasible: hardFeasible && uncovered.length === 0,
    topicsWithApplicants: wm.topicsWithApplicants,
    covered,
    uncovered,
  };
}

export interface RelaxationResult {
  readonly status: string;
  /** LP optimum in welfare units, locked pairs included: an upper bound on every allocation. */
  readonly objective: number;
  readonly columns: number;
  readonly rows: number;
  readonly fractionalColumns: number;
  /** Σ x over all columns (fractional students count partially). */
  readonly assignedMass: number;
  /** Columns at 1. */
  readonly integralAssignments: number;
  readonly timingsMs: Record<string, number>;
}

/**
 * The plain LP of the same instance, no integrality handling: the baseline the benchmark puts next
 * to optimal mode, and an upper bound a service can show next to any allocation.
 */
export async function solveRelaxation(
  c: Compiled,
  weights: WelfareWeights,
  timeLimitSeconds: number,
): Promise<RelaxationResult> {
  const timings: Record<string, number> = {};
  const highs = await loadHighs();
  let fixed = 0;
  for (let s = 0; s < c.studentIds.length; s++)
    if (c.lockedTopic[s]! >= 0) fixed += lockedWelfare(c, weights, s).welfare;
  let t0 = performance.now();
  const wm = buildWelfareModel(c, weights, highs, false);
  timings.build = performance.now() - t0;
  t0 = performance.now();
  const model = highs.createModel(wm.data);
  timings.pass = performance.now() - t0;
  try {
    model.options.set({
      output_flag: false,
      time_limit: timeLimitSeconds,
      random_seed: c.instance.seed % 2147483647,
    });
    t0 = performance.now();
    const status = model.run().modelStatus;
    timings.lp = performance.now() - t0;
    const ok = model.info.get('primal_solution_status') === highs.constants.solutionStatus.feasible;
    const x = ok ? model.getSolution().colValue : new Float64Array(wm.data.numCols);
    let mass = 0;
    let ones = 0;
    for (let j = 0; j < wm.numX; j++) {
      mass += x[j]!;
      if (x[j]! > 1 - FRACTIONAL_TOLERANCE) ones++;
    }
    return {
      status: statusName(highs, status),
      objective: ok ? fixed + model.getObjectiveValue() / WELFARE_SCALE : Number.NaN,
      columns: wm.data.numCols,
      rows: wm.data.numRows,
      fractionalColumns: ok ? countFractional(x, wm.numX) : 0,
      assignedMass: mass,
      integralAssignments: ones,
      timingsMs: timings,
    };
  } finally {
    model.dispose();
  }
}
