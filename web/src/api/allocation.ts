/**
 * Allocation API (server/routes/allocation/): runs as background jobs, per-student outcomes with
 * reasons, locks, publication, cohort settings and the student's published result. Wire types are
 * mirrored by hand from the route schemas (importing the route file would pull Fastify into the
 * bundle); the run summary is the engine's result without its per-student lists, so its parts are
 * typed from search/allocation/types.ts (types only, erased at build time).
 */
import type {
  FairnessReport,
  Occupancy,
  SolverReport,
  StabilityReport,
  UnmatchedReport,
  WelfareSummary,
} from '../../../search/allocation/types.ts';
import { apiUrl, http } from './http.ts';
import type { Page } from './types.ts';

export type { Occupancy, UnmatchedReport, FairnessReport };

export type AllocationMode = 'stable' | 'optimal';
export type RunState = 'queued' | 'running' | 'succeeded' | 'failed' | 'published' | 'superseded';
export const RUN_STATES: readonly RunState[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'published',
  'superseded',
];

/** What a finished run stores as its summary (AllocationResult minus assignments and students). */
export interface RunSummary {
  mode: AllocationMode;
  seed: number;
  assigned: number;
  total: number;
  occupancy: { topics: Occupancy[]; supervisors: Occupancy[]; mentors: Occupancy[] };
  unmatched: UnmatchedReport;
  welfare: WelfareSummary;
  /** rankHistogram[r − 1] = students who got their r-th choice. */
  rankHistogram: number[];
  stability?: StabilityReport;
  solver?: SolverReport;
  timingsMs?: Record<string, number>;
}

export interface RunOptions {
  mode?: AllocationMode;
  weights?: { rank?: number; affinity?: number };
  fairness?: boolean;
}

export interface AllocationRun {
  id: string;
  orgId: string;
  cohort: number;
  mode: AllocationMode;
  options: RunOptions & Record<string, unknown>;
  seed: number;
  state: RunState;
  progress: number;
  summary: RunSummary | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
}

export interface RunRequest {
  orgId: string;
  cohort: number;
  mode: AllocationMode;
  seed?: number;
  weights?: { rank?: number; affinity?: number };
  fairness?: boolean;
}

export interface Outcome {
  studentId: string;
  studentName: string;
  studentNo: string;
  topicId: string | null;
  topicTitle: string | null;
  supervisorId: string | null;
  mentorId: string | null;
  rank: number | null;
  locked: boolean;
  reason: string;
}

export interface AllocationLock {
  studentId: string;
  studentNo: string;
  studentName: string;
  topicId: string;
  topicTitle: string;
  createdAt: string;
}

export interface CohortSettings {
  orgId: string;
  cohort: number;
  maxPreferences: number;
}

export interface MyAllocation {
  published: boolean;
  runId?: string;
  publishedAt?: string | null;
  status?: 'assigned' | 'unmatched';
  topicId?: string | null;
  topicTitle?: string | null;
  rank?: number | null;
  supervisorName?: string | null;
  industryMentorName?: string | null;
  reason?: string;
}

/** Largest page GET /runs/:id/outcomes serves. */
export const OUTCOME_PAGE = 500;

const id = (v: string) => encodeURIComponent(v);

export const allocationApi = {
  /** A university's runs, newest first; pass the previous page's `nextCursor` for the next one. */
  runs: (orgId: string, q: { cohort?: number; cursor?: string; limit?: number } = {}) =>
    http.get<Page<AllocationRun>>('/allocation/runs', { orgId, ...q }),
  run: (runId: string) => http.get<AllocationRun>(`/allocation/runs/${id(runId)}`),
  start: (input: RunRequest) => http.post<AllocationRun>('/allocation/runs', input),
  outcomes: (runId: string, page: { offset?: number; limit?: number } = {}) =>
    http.get<{ items: Outcome[] }>(`/allocation/runs/${id(runId)}/outcomes`, page),
  /** Every outcome of a run, page by page. */
  async allOutcomes(runId: string): Promise<Outcome[]> {
    const all: Outcome[] = [];
    for (let offset = 0; ; offset += OUTCOME_PAGE) {
      const { items } = await allocationApi.outcomes(runId, { offset, limit: OUTCOME_PAGE });
      all.push(...items);
      if (items.length < OUTCOME_PAGE) return all;
    }
  },
  exportUrl: (runId: string, format: 'csv' | 'xlsx') =>
    apiUrl(`/allocation/runs/${id(runId)}/export`, { format }),
  publish: (runId: string) => http.post<AllocationRun>(`/allocation/runs/${id(runId)}/publish`),
  locks: (orgId: string, cohort?: number) =>
    http.get<{ items: AllocationLock[] }>('/allocation/locks', { orgId, cohort }),
  lock: (studentId: string, topicId: string) => http.put<void>('/allocation/locks', { studentId, topicId }),
  unlock: (studentId: string) => http.delete(`/allocation/locks/${id(studentId)}`),
  settings: (orgId: string, cohort: number) =>
    http.get<CohortSettings>('/allocation/settings', { orgId, cohort }),
  saveSettings: (input: CohortSettings) => http.put<void>('/allocation/settings', input),
  me: () => http.get<MyAllocation>('/allocation/me'),
};
