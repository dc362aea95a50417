import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateStable, priorityLists } from '../../../search/allocation/index.ts';
import type { AllocationInstance, AllocationResult } from '../../../search/allocation/types.ts';
import { shuffled, tinyInstance } from './arbitraries.ts';
import {
  allMatchings,
  blockingPairs,
  capacityViolations,
  isStudentOptimal,
  lockedMap,
} from './brute-force.ts';
import { matchingOf, sameMatching, withoutTimings } from './helpers.ts';

const stableSet = (inst: AllocationInstance, mode: 'common' | 'per-agent') => {
  const lists = priorityLists(inst, mode);
  return allMatchings(inst).filter((m) => blockingPairs(inst, lists, m).length === 0);
};

const byStudent = (r: AllocationResult) =>
  Object.fromEntries(r.assignments.map((a) => [a.studentId, a.topicId]));

describe('stable mode — worked examples', () => {
  // σ by best affinity: s1 (0.9) > s2 (0.8) > s3 (0.7).
  const base: AllocationInstance = {
    seed: 1,
    students: [
      { id: 's1', preferences: ['tA', 'tB'], affinity: { tA: 0.9 } },
      { id: 's2', preferences: ['tA', 'tB', 'tC'], affinity: { tA: 0.8 } },
      { id: 's3', preferences: ['tB', 'tC'], affinity: { tB: 0.7 } },
    ],
    topics: [
      { id: 'tA', capacity: 1, supervisorId: 'A', mentorId: 'X' },
      { id: 'tB', capacity: 2, supervisorId: 'B', mentorId: 'X' },
      { id: 'tC', capacity: 1, supervisorId: 'B', mentorId: 'Y' },
    ],
    supervisors: [
      { id: 'A', capacity: 1 },
      { id: 'B', capacity: 2 },
    ],
    mentors: [
      { id: 'X', capacity: 2 },
      { id: 'Y', capacity: 1 },
    ],
  };

  it('respects the mentor capacity: s3 loses tB to mentor X, not to the topic', () => {
    const r = allocateStable(base);
    expect(byStudent(r)).toEqual({ s1: 'tA', s2: 'tB', s3: 'tC' });
    const msg = Object.fromEntries(r.students.map((s) => [s.studentId, s.message]));
    expect(msg).toEqual({
      s1: '1st choice',
      s2: "2nd choice: 1st choice 'tA' full (1/1, ranked below all admitted), supervisor 'A' at capacity (1/1, ranked below all their students)",
      s3: "2nd choice: 1st choice 'tB': mentor 'X' at capacity (2/2, ranked below all their students)",
    });
    expect(r.occupancy.mentors).toEqual([
      { id: 'X', used: 2, capacity: 2, locked: 0 },
      { id: 'Y', used: 1, capacity: 1, locked: 0 },
    ]);
    expect(r.stability).toMatchObject({
      priority: 'common',
      stable: true,
      guaranteed: true,
      blockingPairs: [],
    });
    expect(r.rankHistogram.slice(0, 3)).toEqual([1, 2, 0]);
  });

  it('lets a locked pair take its seat first', () => {
    const r = allocateStable({ ...base, locked: [{ studentId: 's3', topicId: 'tA' }] });
    // s3 sits on tA (outside their list); s1 and s2 compete for tB under mentor X (2 seats, one used).
    expect(byStudent(r)).toEqual({ s1: 'tB', s2: 'tC', s3: 'tA' });
    const s1 = r.students.find((s) => s.studentId === 's1')!;
    expect(s1.message).toBe(
      "2nd choice: 1st choice 'tA' full (1/1, ranked below all admitted), supervisor 'A' at capacity (1/1, ranked below all their students)",
    );
    expect(r.students.find((s) => s.studentId === 's3')).toMatchObject({
      locked: true,
      rank: null,
      message: "locked to 'tA' (not in their list)",
    });
    expect(r.unmatched.count).toBe(0);
  });

  const opposite: AllocationInstance = {
    seed: 3,
    students: [
      { id: 's1', preferences: ['tA', 'tB'], affinity: { tA: 0.9 } },
      { id: 's2', preferences: ['tA', 'tB'], affinity: { tA: 0.4 } },
    ],
    topics: [
      { id: 'tA', capacity: 1, supervisorId: 'A', mentorId: 'X' },
      { id: 'tB', capacity: 1, supervisorId: 'B', mentorId: 'Y' },
    ],
    supervisors: [
      { id: 'A', capacity: 1, ranking: ['s2', 's1'] },
      { id: 'B', capacity: 1, ranking: ['s1', 's2'] },
    ],
    mentors: [
      { id: 'X', capacity: 1 },
      { id: 'Y', capacity: 1 },
    ],
  };

  it('per-agent priorities honour each supervisor (AIM SPA-student)', () => {
    const r = allocateStable(opposite, { priority: 'per-agent' });
    expect(byStudent(r)).toEqual({ s1: 'tB', s2: 'tA' });
    expect(r.stability).toMatchObject({ stable: true, guaranteed: true, priorityConflicts: { count: 0 } });
  });

  it('common priority breaks the supervisors’ contradiction by affinity and reports it', () => {
    const r = allocateStable(opposite);
    expect(byStudent(r)).toEqual({ s1: 'tA', s2: 'tB' });
    expect(r.stability!.priorityConflicts).toEqual({
      count: 1,
      examples: [
        { source: 'supervisor', sourceId: 'A', higherStudentId: 's2', lowerStudentId: 's1', scope: 'common' },
      ],
    });
  });

  // Supervisor A prefers s1, B prefers s2; mentor X (capacity 1) inherits both lists and sides with
  // s2 (higher affinity). tBX has no seat, it only puts both students on B's list.
  const crossing: AllocationInstance = {
    seed: 5,
    students: [
      { id: 's1', preferences: ['tAX', 'tBX'], affinity: { tAX: 0.3 } },
      { id: 's2', preferences: ['tAX', 'tBX'], affinity: { tAX: 0.6 } },
    ],
    topics: [
      { id: 'tAX', capacity: 2, supervisorId: 'A', mentorId: 'X' },
      { id: 'tBX', capacity: 0, supervisorId: 'B', mentorId: 'X' },
    ],
    supervisors: [
      { id: 'A', capacity: 1, ranking: ['s1', 's2'] },
      { id: 'B', capacity: 2, ranking: ['s2', 's1'] },
    ],
    mentors: [{ id: 'X', capacity: 1 }],
  };

  it('shows why per-agent priorities cannot promise a student-optimal stable matching', () => {
    const lists = priorityLists(crossing, 'per-agent');
    expect(lists.mentors.X).toEqual(['s2', 's1']);
    const stable = stableSet(crossing, 'per-agent');
    // {s1→tAX} and {s2→tAX} are both stable and each student prefers a different one.
    expect(stable.map((m) => [...m])).toEqual([[['s2', 'tAX']], [['s1', 'tAX']]]);
    expect(stable.some((m) => isStudentOptimal(crossing, m, stable))).toBe(false);
    const r = allocateStable(crossing, { priority: 'per-agent' });
    expect(r.stability).toMatchObject({ stable: true, guaranteed: false });
    expect(stable.some((m) => sameMatching(m, matchingOf(r)))).toBe(true);
    // With one common order the stable matching is unique.
    const c = allocateStable(crossing);
    expect(byStudent(c)).toEqual({ s2: 'tAX' });
    expect(stableSet(crossing, 'common')).toHaveLength(1);
  });

  it('per-agent: when supervisor and mentor overflow together, one rejection relieves both', () => {
    // s0 holds t0; s3 (ranked higher) proposes t1 under the same full supervisor L1 and mentor M1.
    // Rejecting s0 once frees both; s0 then gets t2. (Found by fast-check against a rule that
    // rejected each holder's worst separately.)
    const inst: AllocationInstance = {
      seed: 0,
      students: [
        { id: 's0', preferences: ['t0', 't2'], affinity: { t0: 0.1 } },
        { id: 's3', preferences: ['t1'], affinity: { t1: 0.9 } },
      ],
      topics: [
        { id: 't0', capacity: 1, supervisorId: 'L1', mentorId: 'M1' },
        { id: 't1', capacity: 1, supervisorId: 'L1', mentorId: 'M1' },
        { id: 't2', capacity: 1, supervisorId: 'L0', mentorId: 'M0' },
      ],
      supervisors: [
        { id: 'L0', capacity: 1 },
        { id: 'L1', capacity: 1 },
      ],
      mentors: [
        { id: 'M0', capacity: 1 },
        { id: 'M1', capacity: 1 },
      ],
    };
    const r = allocateStable(inst, { priority: 'per-agent' });
    expect(byStudent(r)).toEqual({ s0: 't2', s3: 't1' });
    expect(r.stability).toMatchObject({ stable: true, guaranteed: true });
    expect(r.students.find((s) => s.studentId === 's0')!.message).toBe(
      "2nd choice: 1st choice 't0': supervisor 'L1' at capacity (1/1, ranked below all their students), mentor 'M1' at capacity (1/1, ranked below all their students)",
    );
  });

  it('per-agent: when both overflow, the rejection that relieves both wins over each holder’s worst', () => {
    // Mentor M1 works only under supervisor L. s0 (L's worst) sits on c under mentor M2; s1 on a
    // under M1. s2 (L's best) proposes b: L and M1 overflow. Rejecting s1 relieves both; rejecting
    // L's worst s0 first would also cost s1 their seat and leave c empty — a blocking pair.
    const inst: AllocationInstance = {
      seed: 0,
      students: [
        { id: 's0', preferences: ['c'], affinity: { c: 0.1 } },
        { id: 's1', preferences: ['a'], affinity: { a: 0.5 } },
        { id: 's2', preferences: ['b'], affinity: { b: 0.9 } },
      ],
      topics: [
        { id: 'a', capacity: 1, supervisorId: 'L', mentorId: 'M1' },
        { id: 'b', capacity: 1, supervisorId: 'L', mentorId: 'M1' },
        { id: 'c', capacity: 1, supervisorId: 'L', mentorId: 'M2' },
      ],
      supervisors: [{ id: 'L', capacity: 2 }],
      mentors: [
        { id: 'M1', capacity: 1 },
        { id: 'M2', capacity: 5 },
      ],
    };
    const r = allocateStable(inst, { priority: 'per-agent' });
    expect(byStudent(r)).toEqual({ s0: 'c', s2: 'b' });
    expect(r.stability).toMatchObject({ stable: true, guaranteed: true });
    expect(r.students.find((s) => s.studentId === 's1')!.message).toBe(
      "unmatched: 1st choice 'a': mentor 'M1' at capacity (1/1, ranked below all their students)",
    );
  });

  it('counts a student once per bottleneck, however many of its topics they listed', () => {
    // M1 (capacity 1) mentors all three topics s1 ranked; s0, ranked first by affinity, takes it.
    const inst: AllocationInstance = {
      seed: 0,
      students: [
        { id: 's0', preferences: ['a'], affinity: { a: 0.9 } },
        { id: 's1', preferences: ['a', 'b', 'c'], affinity: { a: 0.1, b: 0.1, c: 0.1 } },
      ],
      topics: ['a', 'b', 'c'].map((id) => ({ id, capacity: 1, supervisorId: 'L', mentorId: 'M1' })),
      supervisors: [{ id: 'L', capacity: 5 }],
      mentors: [{ id: 'M1', capacity: 1 }],
    };
    const r = allocateStable(inst);
    expect(byStudent(r)).toEqual({ s0: 'a' });
    expect(r.unmatched.bottlenecks.filter((b) => b.kind === 'mentor')).toEqual([
      expect.objectContaining({ id: 'M1', blockedStudents: 1, used: 1, capacity: 1 }),
    ]);
  });

  it('reports a student who ranked nothing', () => {
    const r = allocateStable({ ...base, students: [...base.students, { id: 's4', preferences: [] }] });
    expect(r.students.find((s) => s.studentId === 's4')!.message).toBe('unmatched: ranked no topic');
    expect(r.unmatched).toMatchObject({ count: 1, studentIds: ['s4'], withoutPreferences: 1 });
  });
});

describe('stable mode — properties', () => {
  const runs = { numRuns: 300 };

  it('common priority: feasible, no blocking pair, and the unique (so student-optimal) stable matching', () => {
    fc.assert(
      fc.property(tinyInstance(), (inst) => {
        const r = allocateStable(inst);
        const m = matchingOf(r);
        expect(capacityViolations(inst, m)).toEqual([]);
        expect(blockingPairs(inst, priorityLists(inst, 'common'), m)).toEqual([]);
        expect(r.stability).toMatchObject({ stable: true, guaranteed: true, blockingPairs: [] });
        const all = stableSet(inst, 'common');
        expect(all).toHaveLength(1);
        expect(sameMatching(all[0]!, m)).toBe(true);
      }),
      runs,
    );
  });

  for (const structure of ['mentor-in-supervisor', 'supervisor-in-mentor'] as const) {
    it(`per-agent priorities, ${structure}: stable and student-optimal whenever guaranteed`, () => {
      let guaranteed = 0;
      fc.assert(
        fc.property(tinyInstance({ structure }), (inst) => {
          const r = allocateStable(inst, { priority: 'per-agent' });
          const m = matchingOf(r);
          expect(capacityViolations(inst, m)).toEqual([]);
          if (structure === 'mentor-in-supervisor') expect(r.stability!.guaranteed).toBe(true);
          if (!r.stability!.guaranteed) return;
          guaranteed++;
          expect(blockingPairs(inst, priorityLists(inst, 'per-agent'), m)).toEqual([]);
          const all = stableSet(inst, 'per-agent');
          expect(all.some((x) => sameMatching(x, m))).toBe(true);
          expect(isStudentOptimal(inst, m, all)).toBe(true);
        }),
        // Double overflows (supervisor and mentor at once) are rare in random instances: many runs.
        { numRuns: 3000 },
      );
      expect(guaranteed).toBeGreaterThan(1000); // the property really ran on guaranteed instances
    });
  }

  it('per-agent priorities, crossing structure: reported blocking pairs are exactly the real ones', () => {
    fc.assert(
      fc.property(tinyInstance({ structure: 'any' }), (inst) => {
        const r = allocateStable(inst, { priority: 'per-agent' });
        const m = matchingOf(r);
        expect(capacityViolations(inst, m)).toEqual([]);
        const real = blockingPairs(inst, priorityLists(inst, 'per-agent'), m).map(([s, t]) => `${s}>${t}`);
        const reported = r.stability!.blockingPairs.map((p) => `${p.studentId}>${p.topicId}`);
        expect(reported.sort()).toEqual(real.sort());
        expect(r.stability!.stable).toBe(real.length === 0);
        if (r.stability!.guaranteed) expect(real).toEqual([]);
      }),
      runs,
    );
  });

  it('is deterministic for a seed and independent of input order', () => {
    fc.assert(
      fc.property(
        tinyInstance(),
        fc.nat(),
        fc.constantFrom('common', 'per-agent'),
        (inst, perm, priority) => {
          const a = allocateStable(inst, { priority });
          expect(withoutTimings(allocateStable(inst, { priority }))).toEqual(withoutTimings(a));
          expect(withoutTimings(allocateStable(shuffled(inst, perm), { priority }))).toEqual(
            withoutTimings(a),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps locked pairs, gives every student one truthful reason', () => {
    fc.assert(
      fc.property(tinyInstance(), fc.constantFrom('common', 'per-agent'), (inst, priority) => {
        const r = allocateStable(inst, { priority });
        const m = matchingOf(r);
        for (const [s, t] of lockedMap(inst)) expect(m.get(s)).toBe(t);
        expect(r.students.map((s) => s.studentId).sort()).toEqual(inst.students.map((s) => s.id).sort());
        const used = (kind: 'topic' | 'supervisor' | 'mentor', id: string) =>
          [...m.values()].filter((t) => {
            const topic = inst.topics.find((x) => x.id === t)!;
            return (
              (kind === 'topic' ? topic.id : kind === 'supervisor' ? topic.supervisorId : topic.mentorId) ===
              id
            );
          }).length;
        for (const o of r.students) {
          expect(o.message.length).toBeGreaterThan(0);
          expect(o.status === 'assigned').toBe(m.has(o.studentId));
          const prefs = inst.students.find((s) => s.id === o.studentId)!.preferences;
          const obtained = o.topicId === undefined ? prefs.length : prefs.indexOf(o.topicId);
          if (!o.locked) expect(o.missed.map((x) => x.topicId)).toEqual(prefs.slice(0, obtained));
          for (const miss of o.missed) {
            expect(miss.constraints.length).toBeGreaterThan(0);
            for (const c of miss.constraints) {
              // Every "full" claim is true of the final matching.
              if (c.kind === 'topic-full') expect(used('topic', c.topicId)).toBe(c.capacity);
              if (c.kind === 'supervisor-full') expect(used('supervisor', c.supervisorId)).toBe(c.capacity);
              if (c.kind === 'mentor-full') expect(used('mentor', c.mentorId)).toBe(c.capacity);
            }
          }
        }
      }),
      runs,
    );
  });
});
