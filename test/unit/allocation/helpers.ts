import type { AllocationResult } from '../../../search/allocation/types.ts';

/** student id → topic id of a result (locked pairs included). */
export const matchingOf = (r: AllocationResult): Map<string, string> =>
  new Map(r.assignments.map((a) => [a.studentId, a.topicId]));

export const sameMatching = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean =>
  a.size === b.size && [...a].every(([s, t]) => b.get(s) === t);

/** A result without its wall-clock timings, for equality checks. */
export const withoutTimings = (r: AllocationResult) => ({ ...r, timingsMs: undefined });
