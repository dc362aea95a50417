import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateOptimal, allocateStable, lpRelaxation } from '../../../search/allocation/index.ts';
import type { AllocationInstance, AllocationResult } from '../../../search/allocation/types.ts';
import { shuffled, tinyInstance } from './arbitraries.ts';
import { allMatchings, capacityViolations, lockedMap, uncoveredTopics, welfareOf } from './brute-force.ts';
import { matchingOf, withoutTimings } from './helpers.ts';

const byStudent = (r: AllocationResult) =>
  Object.fromEntries(r.assignments.map((a) => [a.studentId, a.topicId]));
const roomy = { capacity: 9 };

describe('optimal mode — worked examples', () => {
  it('trades a first choice for two placements where stable mode cannot', async () => {
    const inst: AllocationInstance = {
      seed: 2,
      students: [
        { id: 's1', preferences: ['t1', 't2'], affinity: { t1: 0.9 } },
        { id: 's2', preferences: ['t1'] },
      ],
      topics: [
        { id: 't1', capacity: 1, supervisorId: 'A', mentorId: 'X' },
        { id: 't2', capacity: 1, supervisorId: 'A', mentorId: 'X' },
      ],
      supervisors: [{ id: 'A', ...roomy }],
      mentors: [{ id: 'X', ...roomy }],
    };
    expect(byStudent(allocateStable(inst))).toEqual({ s1: 't1' });
    const r = await allocateOptimal(inst, { weights: { rank: 1, affinity: 0 } });
    expect(byStudent(r)).toEqual({ s1: 't2', s2: 't1' });
    expect(r.welfare.total).toBeCloseTo(1.9, 9);
    expect(r.students.find((s) => s.studentId === 's1')!.message).toBe(
      "2nd choice: 1st choice 't1' full (1/1)",
    );
    expect(r.solver).toMatchObject({
      usedMip: false,
      fractionalColumns: 0,
      optimal: true,
      lpStatus: 'optimal',
    });
  });

  it('detects a fractional LP (supervisor and mentor on one flow unit) and solves the MIP', async () => {
    // Columns a=(s1,t1), b=(s2,t2), c=(s2,t3) pairwise share supervisor A, student s2 and
    // mentor X: an odd cycle, so a = b = c = ½ is an LP vertex worth 1.45 > any allocation (1).
    const inst: AllocationInstance = {
      seed: 11,
      students: [
        { id: 's1', preferences: ['t1'] },
        { id: 's2', preferences: ['t2', 't3'] },
      ],
      topics: [
        { id: 't1', capacity: 1, supervisorId: 'A', mentorId: 'X' },
        { id: 't2', capacity: 1, supervisorId: 'A', mentorId: 'Y' },
        { id: 't3', capacity: 1, supervisorId: 'B', mentorId: 'X' },
      ],
      supervisors: [
        { id: 'A', capacity: 1 },
        { id: 'B', ...roomy },
      ],
      mentors: [
        { id: 'X', capacity: 1 },
        { id: 'Y', ...roomy },
      ],
    };
    const relaxation = await lpRelaxation(inst, { weights: { rank: 1, affinity: 0 } });
    expect(relaxation.objective).toBeCloseTo(1.45, 3);
    expect(relaxation.fractionalColumns).toBe(3);
    const r = await allocateOptimal(inst, { weights: { rank: 1, affinity: 0 } });
    expect(r.solver).toMatchObject({
      usedMip: true,
      fractionalColumns: 3,
      optimal: true,
      mipStatus: 'optimal',
    });
    expect(r.solver!.lpBound).toBeCloseTo(1.45, 3);
    expect(r.welfare.total).toBeCloseTo(1, 9);
    expect(r.assignments).toHaveLength(1);
  });

  it('moves a student off a free first choice when affinity outweighs the rank', async () => {
    const inst: AllocationInstance = {
      seed: 4,
      students: [{ id: 's1', preferences: ['t1', 't2'], affinity: { t1: 0, t2: 1 } }],
      topics: [
        { id: 't1', capacity: 1, supervisorId: 'A', mentorId: 'X' },
        { id: 't2', capacity: 1, supervisorId: 'A', mentorId: 'X' },
      ],
      supervisors: [{ id: 'A', ...roomy }],
      mentors: [{ id: 'X', ...roomy }],
    };
    const r = await allocateOptimal(inst, { weights: { rank: 1, affinity: 1 } });
    expect(byStudent(r)).toEqual({ s1: 't2' });
    expect(r.students[0]!.message).toBe(
      "2nd choice: 1st choice 't1': had room, but the welfare optimum assigns differently",
    );
  });

  const twoTopics: AllocationInstance = {
    seed: 9,
    students: [
      { id: 's1', preferences: ['t1', 't2'], affinity: { t1: 0.5, t2: 0.1 } },
      { id: 's2', preferences: ['t1', 't2'], affinity: { t1: 0.5, t2: 0.3 } },
    ],
    topics: [
      { id: 't1', capacity: 2, supervisorId: 'A', mentorId: 'X' },
      { id: 't2', capacity: 1, supervisorId: 'B', mentorId: 'X' },
    ],
    supervisors: [
      { id: 'A', ...roomy },
      { id: 'B', ...roomy },
    ],
    mentors: [{ id: 'X', ...roomy }],
  };

  it('fairness: covers every topic with an applicant when it can, at the least welfare cost', async () => {
    expect(byStudent(await allocateOptimal(twoTopics))).toEqual({ s1: 't1', s2: 't1' });
    const r = await allocateOptimal(twoTopics, { fairness: true });
    expect(byStudent(r)).toEqual({ s1: 't1', s2: 't2' });
    expect(r.solver!.fairness).toEqual({
      feasible: true,
      topicsWithApplicants: 2,
      covered: 2,
      uncovered: [],
    });
  });

  it('fairness: reports an infeasible request instead of failing', async () => {
    const inst: AllocationInstance = {
      seed: 9,
      students: [
        { id: 's1', preferences: ['t1'], affinity: { t1: 0.9 } },
        { id: 's2', preferences: ['t2'], affinity: { t2: 0.1 } },
      ],
      topics: [
        { id: 't1', capacity: 1, supervisorId: 'A', mentorId: 'X' },
        { id: 't2', capacity: 1, supervisorId: 'A', mentorId: 'X' },
      ],
      supervisors: [{ id: 'A', capacity: 1 }],
      mentors: [{ id: 'X', ...roomy }],
    };
    const r = await allocateOptimal(inst, { fairness: true });
    expect(byStudent(r)).toEqual({ s1: 't1' });
    expect(r.solver!.fairness).toEqual({
      feasible: false,
      topicsWithApplicants: 2,
      covered: 1,
      uncovered: [{ topicId: 't2', reason: "supervisor 'A' has capacity 1 for 2 topics with applicants" }],
    });
  });

  it('keeps locked pairs and their welfare', async () => {
    const r = await allocateOptimal({ ...twoTopics, locked: [{ studentId: 's2', topicId: 't2' }] });
    expect(byStudent(r)).toEqual({ s1: 't1', s2: 't2' });
    expect(r.assignments.find((a) => a.studentId === 's2')).toMatchObject({ locked: true, rank: 2 });
    // s1: 1st choice (1) + ½·0.5; s2 locked on 2nd choice (0.9) + ½·0.3.
    expect(r.welfare.total).toBeCloseTo(1.25 + 1.05, 9);
    expect(r.solver!.lpBound).toBeCloseTo(2.3, 3);
  });
});

describe('optimal mode — properties', () => {
  const runs = { numRuns: 120 };
  const tol = 1e-3; // welfare is optimised on a 1e-4 grid per assignment

  it('respects every capacity and equals the brute-force optimum', async () => {
    await fc.assert(
      fc.asyncProperty(tinyInstance(), async (inst) => {
        const r = await allocateOptimal(inst);
        const m = matchingOf(r);
        expect(capacityViolations(inst, m)).toEqual([]);
        for (const [s, t] of lockedMap(inst)) expect(m.get(s)).toBe(t);
        const best = Math.max(...allMatchings(inst).map((x) => welfareOf(inst, x)));
        expect(r.solver!.optimal).toBe(true);
        expect(r.welfare.total).toBeCloseTo(welfareOf(inst, m), 9);
        expect(Math.abs(r.welfare.total - best)).toBeLessThan(tol);
        expect(r.solver!.lpBound).toBeGreaterThanOrEqual(best - tol);
      }),
      runs,
    );
  });

  it('when the LP is fractional, the MIP fallback still equals the brute-force optimum', async () => {
    // Fractional vertices need binding, crossing unit capacities; about 1 % of these instances.
    let fractional = 0;
    await fc.assert(
      fc.asyncProperty(
        tinyInstance({ minCapacity: 1, maxCapacity: 1, maxStudents: 6, maxTopics: 5, locks: false }),
        fc.boolean(),
        async (inst, fairness) => {
          const r = await allocateOptimal(inst, { fairness });
          if (!r.solver!.usedMip) return;
          fractional++;
          const m = matchingOf(r);
          expect(r.solver!.fractionalColumns).toBeGreaterThan(0);
          expect(capacityViolations(inst, m)).toEqual([]);
          let pool = allMatchings(inst);
          if (fairness) {
            const least = Math.min(...pool.map((x) => uncoveredTopics(inst, x).length));
            pool = pool.filter((x) => uncoveredTopics(inst, x).length === least);
          }
          const best = Math.max(...pool.map((x) => welfareOf(inst, x)));
          expect(Math.abs(r.welfare.total - best)).toBeLessThan(tol);
          expect(r.solver!.lpBound).toBeGreaterThanOrEqual(best - tol);
        },
      ),
      { numRuns: 2500 },
    );
    expect(fractional).toBeGreaterThanOrEqual(5);
  });

  it('with fairness: maximal coverage first, then the best welfare at that coverage', async () => {
    await fc.assert(
      fc.asyncProperty(tinyInstance(), async (inst) => {
        const r = await allocateOptimal(inst, { fairness: true });
        const m = matchingOf(r);
        expect(capacityViolations(inst, m)).toEqual([]);
        const all = allMatchings(inst);
        const minUncovered = Math.min(...all.map((x) => uncoveredTopics(inst, x).length));
        const bestAtCoverage = Math.max(
          ...all
            .filter((x) => uncoveredTopics(inst, x).length === minUncovered)
            .map((x) => welfareOf(inst, x)),
        );
        const f = r.solver!.fairness!;
        expect(uncoveredTopics(inst, m).sort()).toEqual(f.uncovered.map((u) => u.topicId).sort());
        expect(f.uncovered.length).toBe(minUncovered);
        expect(f.feasible).toBe(minUncovered === 0);
        expect(Math.abs(r.welfare.total - bestAtCoverage)).toBeLessThan(tol);
      }),
      runs,
    );
  });

  it('needs no MIP when supervisors and mentors are nested (the LP is totally unimodular)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom('mentor-in-supervisor' as const, 'supervisor-in-mentor' as const)
          .chain((structure) => tinyInstance({ structure, maxStudents: 6, maxCapacity: 3 })),
        async (inst) => {
          const r = await allocateOptimal(inst);
          expect(r.solver).toMatchObject({ usedMip: false, fractionalColumns: 0, optimal: true });
        },
      ),
      runs,
    );
  });

  it('is deterministic for a seed and independent of input order; every student gets a reason', async () => {
    await fc.assert(
      fc.asyncProperty(tinyInstance(), fc.nat(), fc.boolean(), async (inst, perm, fairness) => {
        const a = await allocateOptimal(inst, { fairness });
        expect(withoutTimings(await allocateOptimal(inst, { fairness }))).toEqual(withoutTimings(a));
        expect(withoutTimings(await allocateOptimal(shuffled(inst, perm), { fairness }))).toEqual(
          withoutTimings(a),
        );
        expect(a.students).toHaveLength(inst.students.length);
        for (const o of a.students) {
          expect(o.message.length).toBeGreaterThan(0);
          for (const miss of o.missed) expect(miss.constraints.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60 },
    );
  });
});
