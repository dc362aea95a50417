import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateStable, priorityLists } from '../../../search/allocation/index.ts';
import type { AllocationInstance } from '../../../search/allocation/types.ts';

const topic = (id: string, supervisorId: string, mentorId: string, ranking?: string[]) => ({
  id,
  capacity: 1,
  supervisorId,
  mentorId,
  ...(ranking ? { ranking } : {}),
});

describe('priority lists', () => {
  it('common order: affinity first, then the seeded tie-break (which depends on the seed)', () => {
    const inst: AllocationInstance = {
      seed: 1,
      students: ['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => ({
        id,
        preferences: ['t'],
        affinity: { t: i < 2 ? 0.9 - i * 0.1 : 0.2 }, // a > b > {c, d, e, f} tied
      })),
      topics: [topic('t', 'A', 'X')],
      supervisors: [{ id: 'A', capacity: 1 }],
      mentors: [{ id: 'X', capacity: 1 }],
    };
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const order = priorityLists({ ...inst, seed }).order!;
      expect(order.slice(0, 2)).toEqual(['a', 'b']);
      expect([...order.slice(2)].sort()).toEqual(['c', 'd', 'e', 'f']);
      orders.add(order.join());
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('common order honours every explicit ranking when they agree', () => {
    fc.assert(
      fc.property(
        fc.shuffledSubarray(['s0', 's1', 's2', 's3', 's4', 's5'], { minLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }),
        fc.nat(),
        (hidden, cuts, seed) => {
          // Three owners each rank a subsequence of one hidden order: mutually consistent.
          const sub = (i: number) => hidden.filter((_, j) => (j + i) % 3 !== 0 || j === cuts[i]);
          const inst: AllocationInstance = {
            seed,
            students: hidden.map((id, i) => ({
              id,
              preferences: ['t1', 't2'],
              affinity: { t1: ((seed + 7 * i) % 11) / 10 },
            })),
            topics: [topic('t1', 'A', 'X', sub(0)), topic('t2', 'B', 'X')],
            supervisors: [
              { id: 'A', capacity: 1, ranking: sub(1) },
              { id: 'B', capacity: 1, ranking: sub(2) },
            ],
            mentors: [{ id: 'X', capacity: 2 }],
          };
          const order = priorityLists(inst).order!;
          for (const ranking of [sub(0), sub(1), sub(2)]) {
            expect(order.filter((s) => ranking.includes(s))).toEqual(ranking);
          }
          expect(allocateStable(inst).stability!.priorityConflicts.count).toBe(0);
        },
      ),
    );
  });

  it('per-agent: topic lists are their supervisor’s list restricted; a mentor under one supervisor inherits it', () => {
    const inst: AllocationInstance = {
      seed: 3,
      students: [
        { id: 's1', preferences: ['t1', 't2'], affinity: { t1: 0.9 } },
        { id: 's2', preferences: ['t2'], affinity: { t2: 0.1 } },
        { id: 's3', preferences: ['t1', 't3'], affinity: { t3: 0.5 } },
      ],
      topics: [topic('t1', 'A', 'X', ['s3', 's1']), topic('t2', 'A', 'X'), topic('t3', 'B', 'Y')],
      supervisors: [
        { id: 'A', capacity: 1, ranking: ['s2'] },
        { id: 'B', capacity: 1 },
      ],
      mentors: [
        { id: 'X', capacity: 1 },
        { id: 'Y', capacity: 1 },
      ],
    };
    const lists = priorityLists(inst, 'per-agent');
    // A: t1's owner puts s3 above s1, so s3 inherits s1's urgency (0.9) and both precede s2 (0.1).
    expect(lists.supervisors.A).toEqual(['s3', 's1', 's2']);
    expect(lists.topics).toEqual({ t1: ['s3', 's1'], t2: ['s1', 's2'], t3: ['s3'] });
    expect(lists.mentors.X).toEqual(lists.supervisors.A);
    expect(lists.mentors.Y).toEqual(['s3']);
  });

  it('locked students are outside every list (they are never displaced)', () => {
    const inst: AllocationInstance = {
      seed: 3,
      students: [
        { id: 's1', preferences: ['t1'] },
        { id: 's2', preferences: ['t1'] },
      ],
      topics: [topic('t1', 'A', 'X')],
      supervisors: [{ id: 'A', capacity: 2 }],
      mentors: [{ id: 'X', capacity: 2 }],
      locked: [{ studentId: 's1', topicId: 't1' }],
    };
    for (const mode of ['common', 'per-agent'] as const) {
      const lists = priorityLists(inst, mode);
      expect(lists.topics.t1).toEqual(['s2']);
      expect(lists.supervisors.A).toEqual(['s2']);
    }
  });
});
