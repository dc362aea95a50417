import { describe, expect, it } from 'vitest';
import {
  AllocationInputError,
  allocateOptimal,
  allocateStable,
  validate,
} from '../../../search/allocation/index.ts';
import type { AllocationInstance } from '../../../search/allocation/types.ts';

const valid: AllocationInstance = {
  seed: 1,
  students: [
    { id: 's1', preferences: ['t1', 't2'], affinity: { t1: 0.5 } },
    { id: 's2', preferences: ['t2'] },
  ],
  topics: [
    { id: 't1', capacity: 1, supervisorId: 'A', mentorId: 'X' },
    { id: 't2', capacity: 1, supervisorId: 'A', mentorId: 'X' },
  ],
  supervisors: [{ id: 'A', capacity: 2 }],
  mentors: [{ id: 'X', capacity: 2 }],
};

const errors = (inst: AllocationInstance) =>
  validate(inst)
    .issues.filter((i) => i.severity === 'error')
    .map((i) => ({ code: i.code, path: i.path, message: i.message }));

describe('validate', () => {
  it('accepts a valid instance without issues', () => {
    expect(validate(valid)).toEqual({ ok: true, issues: [] });
  });

  it('names unknown topics and duplicate ranks in preferences', () => {
    const inst = { ...valid, students: [{ id: 's1', preferences: ['t1', 'nope', 't1'] }] };
    expect(errors(inst)).toEqual([
      {
        code: 'unknown-topic',
        path: 'students[0].preferences[1]',
        message: "student 's1' ranks unknown topic 'nope'",
      },
      {
        code: 'duplicate-rank',
        path: 'students[0].preferences[2]',
        message: "student 's1' ranks topic 't1' more than once",
      },
    ]);
  });

  it('rejects negative or fractional capacities on every side', () => {
    const inst: AllocationInstance = {
      ...valid,
      topics: [{ ...valid.topics[0]!, capacity: -1 }, valid.topics[1]!],
      supervisors: [{ id: 'A', capacity: 1.5 }],
      mentors: [{ id: 'X', capacity: -2 }],
    };
    expect(errors(inst).map((e) => e.message)).toEqual([
      "supervisor 'A' capacity must be an integer ≥ 0, got 1.5",
      "mentor 'X' capacity must be an integer ≥ 0, got -2",
      "topic 't1' capacity must be an integer ≥ 0, got -1",
    ]);
  });

  it('rejects locked pairs that exceed a capacity, and students locked twice', () => {
    const inst: AllocationInstance = {
      ...valid,
      supervisors: [{ id: 'A', capacity: 1 }],
      locked: [
        { studentId: 's1', topicId: 't1' },
        { studentId: 's2', topicId: 't2' },
        { studentId: 's2', topicId: 't1' },
      ],
    };
    expect(errors(inst)).toEqual([
      { code: 'student-locked-twice', path: 'locked[2]', message: "student 's2' is locked more than once" },
      {
        code: 'locked-exceeds-capacity',
        path: 'locked',
        message: "2 locked pairs under supervisor 'A' exceed their capacity 1",
      },
    ]);
    const onTopic = { ...valid, topics: [{ ...valid.topics[0]!, capacity: 0 }, valid.topics[1]!] };
    expect(errors({ ...onTopic, locked: [{ studentId: 's1', topicId: 't1' }] })[0]!.message).toBe(
      "1 locked pair on topic 't1' exceeds its capacity 0",
    );
  });

  it('checks references, ids, rankings, affinities, list length and seed', () => {
    const inst: AllocationInstance = {
      seed: -1,
      maxPreferences: 1,
      students: [
        { id: 's1', preferences: ['t1', 't2'], affinity: { t1: 1.5 } },
        { id: 's1', preferences: [] },
      ],
      topics: [
        { id: 't1', capacity: 1, supervisorId: 'A', mentorId: 'Q', ranking: ['s1', 'ghost'] },
        { id: 't2', capacity: 1, supervisorId: 'B', mentorId: 'X' },
      ],
      supervisors: [{ id: 'A', capacity: 1, ranking: ['s1', 's1'] }],
      mentors: [{ id: 'X', capacity: 1 }],
      locked: [{ studentId: 'nobody', topicId: 't1' }],
    };
    expect(errors(inst).map((e) => e.code)).toEqual([
      'invalid-seed',
      'duplicate-id',
      'unknown-mentor',
      'unknown-student',
      'unknown-supervisor',
      'duplicate-rank',
      'too-many-preferences',
      'invalid-affinity',
      'unknown-student',
    ]);
  });

  it('warns without failing about odd but valid input', () => {
    const inst: AllocationInstance = {
      ...valid,
      students: [{ id: 's1', preferences: ['t1'], affinity: { t2: 0.3 } }, valid.students[1]!],
      topics: [...valid.topics, { id: 't3', capacity: 1, supervisorId: 'A', mentorId: 'X' }],
      locked: [{ studentId: 's2', topicId: 't1' }],
    };
    const r = validate(inst);
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => i.code)).toEqual([
      'affinity-not-ranked',
      'locked-outside-preferences',
      'topic-without-applicants',
    ]);
  });

  it('makes allocate throw a named error carrying every issue; bad options too', async () => {
    const bad = { ...valid, students: [{ id: 's1', preferences: ['zz'] }] };
    expect(() => allocateStable(bad)).toThrow(AllocationInputError);
    try {
      allocateStable(bad);
    } catch (e) {
      expect(e).toMatchObject({ code: 'ALLOCATION_INVALID_INPUT' });
      expect((e as AllocationInputError).issues.filter((i) => i.severity === 'error')).toMatchObject([
        { code: 'unknown-topic', path: 'students[0].preferences[0]' },
      ]);
    }
    await expect(allocateOptimal(valid, { weights: { rank: -1 } })).rejects.toThrow(
      "options.weights.rank: weight 'rank' must be a finite number ≥ 0, got -1",
    );
    await expect(allocateOptimal(valid, { timeLimitSeconds: 0 })).rejects.toThrow(AllocationInputError);
  });
});
