/**
 * Input and output types of the allocation engine (students → industry thesis topics, each topic
 * carrying a campus supervisor and an industry mentor, 双导师). The engine is pure: the service
 * layer persists an {@link AllocationInstance} plus {@link AllocationOptions}, runs the job and
 * stores the {@link AllocationResult}. Everything is plain JSON-serialisable data.
 */

/** Identifier as the service layer stores it (UUID, code, …). Compared by UTF-16 code units. */
export type Id = string;

export interface AllocationStudent {
  readonly id: Id;
  /** Topic ids, most wanted first, at most `maxPreferences` of them, no repeats. */
  readonly preferences: readonly Id[];
  /**
   * Matcher affinity in [0, 1] per topic id of `preferences`. Missing entries count as 0 in the
   * welfare objective and in derived priorities.
   */
  readonly affinity?: Readonly<Record<Id, number>>;
  /** Display name used in messages only. */
  readonly name?: string;
}

export interface AllocationTopic {
  readonly id: Id;
  /** Seats on the topic (≥ 0). */
  readonly capacity: number;
  /** Campus supervisor (校内导师) who answers for the topic. */
  readonly supervisorId: Id;
  /** Industry mentor (产业导师) who co-supervises it. */
  readonly mentorId: Id;
  /** Topic owner's ranking of applicants, best first (optional, may be partial). */
  readonly ranking?: readonly Id[];
  readonly title?: string;
}

export interface AllocationSupervisor {
  readonly id: Id;
  /** Students the supervisor may take in this run, across all their topics (≥ 0). */
  readonly capacity: number;
  /** Supervisor's ranking of students, best first (optional, may be partial). */
  readonly ranking?: readonly Id[];
  readonly name?: string;
}

export interface AllocationMentor {
  readonly id: Id;
  /** Students the mentor may take in this run, across all their topics (≥ 0). */
  readonly capacity: number;
  readonly name?: string;
}

/** A decision already taken (by a graduate school, a previous round…) that every run must keep. */
export interface LockedPair {
  readonly studentId: Id;
  readonly topicId: Id;
}

export interface AllocationInstance {
  readonly students: readonly AllocationStudent[];
  readonly topics: readonly AllocationTopic[];
  readonly supervisors: readonly AllocationSupervisor[];
  readonly mentors: readonly AllocationMentor[];
  readonly locked?: readonly LockedPair[];
  /** Unsigned 32-bit seed for every tie-break, so a stored run can be reproduced exactly. */
  readonly seed: number;
  /** Longest preference list accepted and the N of the rank score (default 10). */
  readonly maxPreferences?: number;
}

/**
 * How institution-side priorities are formed in stable mode.
 * - `common`: one priority order over students shared by every topic, supervisor and mentor
 *   (explicit rankings merged into it where they agree). A stable matching then always exists,
 *   is unique and the engine returns it.
 * - `per-agent`: each supervisor keeps their own list (Abraham–Irving–Manlove); mentors derive
 *   theirs from the supervisors they work with. Stability is guaranteed only when the
 *   supervisor/mentor structure is laminar; otherwise the result reports its blocking pairs.
 */
export type PriorityMode = 'common' | 'per-agent';

/** Welfare of one assignment = rank × rankScore + affinity × affinity(student, topic). */
export interface WelfareWeights {
  readonly rank: number;
  readonly affinity: number;
}

interface CommonOptions {
  /** Weights used for the objective (optimal mode) and for the reported welfare (both modes). */
  readonly weights?: Partial<WelfareWeights>;
}

export interface StableOptions extends CommonOptions {
  readonly mode: 'stable';
  /** Default `common`. */
  readonly priority?: PriorityMode;
}

export interface OptimalOptions extends CommonOptions {
  readonly mode: 'optimal';
  /** Ask that every topic with at least one applicant gets at least one student, when feasible. */
  readonly fairness?: boolean;
  /** Wall-clock budget per HiGHS solve (default 60 s); hitting it is reported, not thrown. */
  readonly timeLimitSeconds?: number;
}

export type AllocationOptions = StableOptions | OptimalOptions;

// ── validation ────────────────────────────────────────────────────────────────────────────────

export interface ValidationIssue {
  readonly severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `unknown-topic`. */
  readonly code: string;
  /** JSON-path-like location, e.g. `students[3].preferences[1]`. */
  readonly path: string;
  readonly message: string;
}

export interface ValidationReport {
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  readonly issues: readonly ValidationIssue[];
}

// ── result ────────────────────────────────────────────────────────────────────────────────────

/** One reason a student did not get a given choice. */
export type ChoiceConstraint =
  | {
      readonly kind: 'topic-full';
      readonly topicId: Id;
      readonly used: number;
      readonly capacity: number;
      /** Stable mode: the student is ranked below every admitted (non-locked) student. */
      readonly rankedBelowAdmitted: boolean;
    }
  | {
      readonly kind: 'supervisor-full';
      readonly supervisorId: Id;
      readonly used: number;
      readonly capacity: number;
      readonly rankedBelowAdmitted: boolean;
    }
  | {
      readonly kind: 'mentor-full';
      readonly mentorId: Id;
      readonly used: number;
      readonly capacity: number;
      readonly rankedBelowAdmitted: boolean;
    }
  /** Optimal mode: every capacity had room; the welfare optimum used it for others. */
  | { readonly kind: 'welfare' }
  /** Stable mode, per-agent priorities: this choice is a blocking pair of the returned matching. */
  | { readonly kind: 'blocking-pair' };

export interface MissedChoice {
  readonly topicId: Id;
  /** 1-based rank in the student's list. */
  readonly rank: number;
  readonly constraints: readonly ChoiceConstraint[];
}

export interface StudentOutcome {
  readonly studentId: Id;
  readonly status: 'assigned' | 'unmatched';
  readonly locked: boolean;
  readonly topicId?: Id;
  /** 1-based rank obtained; null when locked to a topic outside their list. */
  readonly rank?: number | null;
  /** Every choice ranked above the one obtained (all choices when unmatched), with why. */
  readonly missed: readonly MissedChoice[];
  /** Human-readable summary, e.g. "2nd choice: 1st choice 'X' full (3/3, ranked below all admitted)". */
  readonly message: string;
}

export interface Assignment {
  readonly studentId: Id;
  readonly topicId: Id;
  readonly supervisorId: Id;
  readonly mentorId: Id;
  readonly rank: number | null;
  readonly locked: boolean;
  /** Welfare contribution with the run's weights. */
  readonly welfare: number;
}

export interface Occupancy {
  readonly id: Id;
  readonly used: number;
  readonly capacity: number;
  /** Of `used`, seats taken by locked pairs. */
  readonly locked: number;
}

export interface Bottleneck {
  readonly kind: 'topic' | 'supervisor' | 'mentor';
  readonly id: Id;
  /** Unmatched students for whom this capacity blocked at least one choice. */
  readonly blockedStudents: number;
  readonly used: number;
  readonly capacity: number;
}

export interface UnmatchedReport {
  readonly count: number;
  readonly studentIds: readonly Id[];
  /** Unmatched students who listed no topic at all. */
  readonly withoutPreferences: number;
  /** Unmatched students with at least one choice blocked by each kind of constraint. */
  readonly byConstraint: Readonly<Record<ChoiceConstraint['kind'], number>>;
  /** The capacities that blocked the most unmatched students (top 20). */
  readonly bottlenecks: readonly Bottleneck[];
}

export interface WelfareSummary {
  readonly weights: WelfareWeights;
  readonly total: number;
  /** Σ rankScore over assignments (unweighted); rankScore(r) = (N − r + 1) / N. */
  readonly rankScore: number;
  /** Σ affinity over assignments (unweighted). */
  readonly affinity: number;
}

export interface PriorityConflict {
  /** Whose explicit ranking could not be honoured. */
  readonly source: 'supervisor' | 'topic';
  readonly sourceId: Id;
  /** The ranking put `higherStudentId` above `lowerStudentId`; the merged order does not. */
  readonly higherStudentId: Id;
  readonly lowerStudentId: Id;
  /** Which merged list broke it: `common`, or the supervisor/mentor whose list was built. */
  readonly scope: string;
}

export interface StabilityReport {
  readonly priority: PriorityMode;
  /** No blocking pair under the documented definition (checked on the returned matching). */
  readonly stable: boolean;
  /** Whether the theory guarantees a stable, student-optimal result for this instance. */
  readonly guaranteed: boolean;
  readonly blockingPairs: readonly { readonly studentId: Id; readonly topicId: Id }[];
  readonly priorityConflicts: { readonly count: number; readonly examples: readonly PriorityConflict[] };
}

export interface FairnessReport {
  readonly feasible: boolean;
  readonly topicsWithApplicants: number;
  readonly covered: number;
  readonly uncovered: readonly { readonly topicId: Id; readonly reason: string }[];
}

export interface SolverReport {
  readonly solver: string;
  readonly columns: number;
  readonly rows: number;
  /** Status of the LP relaxation (HiGHS model status name). */
  readonly lpStatus: string;
  /** Objective of the LP relaxation in welfare units: an upper bound on any allocation. */
  readonly lpBound: number;
  readonly fractionalColumns: number;
  /** True when the integrality of the LP optimum had to be enforced with the MIP solver. */
  readonly usedMip: boolean;
  readonly mipStatus?: string;
  /** Relative MIP gap reported by HiGHS (0 when proved optimal). */
  readonly mipGap?: number;
  /** Proved optimal for the (1e-4-quantised) welfare. */
  readonly optimal: boolean;
  readonly fairness?: FairnessReport;
}

export interface AllocationResult {
  readonly mode: 'stable' | 'optimal';
  readonly seed: number;
  /** Sorted by student id. */
  readonly assignments: readonly Assignment[];
  /** One per student, sorted by student id. */
  readonly students: readonly StudentOutcome[];
  readonly occupancy: {
    readonly topics: readonly Occupancy[];
    readonly supervisors: readonly Occupancy[];
    readonly mentors: readonly Occupancy[];
  };
  readonly unmatched: UnmatchedReport;
  readonly welfare: WelfareSummary;
  /** rankHistogram[r − 1] = students who got their r-th choice (locked ones included). */
  readonly rankHistogram: readonly number[];
  readonly stability?: StabilityReport;
  readonly solver?: SolverReport;
  readonly timingsMs: Readonly<Record<string, number>>;
}
