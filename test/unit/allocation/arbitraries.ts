/** fast-check generators of small allocation instances (small enough to enumerate every matching). */
import fc from 'fast-check';
import type { AllocationInstance, LockedPair } from '../../../search/allocation/types.ts';

export type Structure =
  /** Supervisors and mentors cross freely (the general case). */
  | 'any'
  /** Each mentor works under exactly one supervisor. */
  | 'mentor-in-supervisor'
  /** Each supervisor works with exactly one mentor. */
  | 'supervisor-in-mentor';

export interface TinyOptions {
  readonly maxStudents?: number;
  readonly maxTopics?: number;
  readonly structure?: Structure;
  /** Allow explicit supervisor / topic rankings (default true). */
  readonly rankings?: boolean;
  /** Allow locked pairs (default true). */
  readonly locks?: boolean;
  readonly maxCapacity?: number;
  /** Lowest capacity generated (default 0; 1 makes every supervisor/mentor/topic binding). */
  readonly minCapacity?: number;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const AFFINITIES = [0, 0.2, 0.5, 0.5, 0.9, 1]; // repeats on purpose: ties exercise tie-breaks

export function tinyInstance(o: TinyOptions = {}): fc.Arbitrary<AllocationInstance> {
  const maxS = o.maxStudents ?? 5;
  const maxT = o.maxTopics ?? 4;
  const cap = o.maxCapacity ?? 2;
  const minCap = o.minCapacity ?? 0;
  return fc
    .record({
      nS: fc.integer({ min: 1, max: maxS }),
      nT: fc.integer({ min: 1, max: maxT }),
      nL: fc.integer({ min: 1, max: 3 }),
      nM: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ nS, nT, nL, nM }) =>
      fc.record({
        nS: fc.constant(nS),
        topicCap: fc.array(fc.integer({ min: minCap, max: cap }), { minLength: nT, maxLength: nT }),
        topicSup: fc.array(fc.nat({ max: nL - 1 }), { minLength: nT, maxLength: nT }),
        topicMen: fc.array(fc.nat({ max: nM - 1 }), { minLength: nT, maxLength: nT }),
        supCap: fc.array(fc.integer({ min: minCap, max: cap }), { minLength: nL, maxLength: nL }),
        menCap: fc.array(fc.integer({ min: minCap, max: cap }), { minLength: nM, maxLength: nM }),
        prefs: fc.array(fc.shuffledSubarray(range(nT)), { minLength: nS, maxLength: nS }),
        aff: fc.array(fc.array(fc.constantFrom(...AFFINITIES), { minLength: nT, maxLength: nT }), {
          minLength: nS,
          maxLength: nS,
        }),
        supRank: fc.array(
          o.rankings === false ? fc.constant(null) : fc.option(fc.shuffledSubarray(range(nS))),
          {
            minLength: nL,
            maxLength: nL,
          },
        ),
        topicRank: fc.array(
          o.rankings === false ? fc.constant(null) : fc.option(fc.shuffledSubarray(range(nS)), { freq: 3 }),
          { minLength: nT, maxLength: nT },
        ),
        locks: fc.array(fc.tuple(fc.nat({ max: nS - 1 }), fc.nat({ max: nT - 1 })), {
          maxLength: o.locks === false ? 0 : 2,
        }),
        seed: fc.nat(),
      }),
    )
    .map((g) => {
      const nL = g.supCap.length;
      const nM = g.menCap.length;
      const topicSup = [...g.topicSup];
      const topicMen = [...g.topicMen];
      // Nested structures: derive one side from the other so each pair sharing a topic is nested.
      if (o.structure === 'mentor-in-supervisor') topicMen.forEach((m, t) => (topicSup[t] = m % nL));
      if (o.structure === 'supervisor-in-mentor') topicSup.forEach((l, t) => (topicMen[t] = l % nM));
      const sid = (i: number) => `s${i}`;
      const tid = (i: number) => `t${i}`;
      const inst = {
        seed: g.seed,
        students: g.prefs.map((p, i) => ({
          id: sid(i),
          preferences: p.map(tid),
          affinity: Object.fromEntries(p.map((t) => [tid(t), g.aff[i]![t]!])),
        })),
        topics: g.topicCap.map((c, t) => ({
          id: tid(t),
          capacity: c,
          supervisorId: `L${topicSup[t]}`,
          mentorId: `M${topicMen[t]}`,
          ...(g.topicRank[t] ? { ranking: g.topicRank[t].map(sid) } : {}),
        })),
        supervisors: g.supCap.map((c, l) => ({
          id: `L${l}`,
          capacity: c,
          ...(g.supRank[l] ? { ranking: g.supRank[l].map(sid) } : {}),
        })),
        mentors: g.menCap.map((c, m) => ({ id: `M${m}`, capacity: c })),
      };
      // Keep only locks that fit every capacity, one per student.
      const locked: LockedPair[] = [];
      const load = new Map<string, number>();
      const bump = (k: string) => load.set(k, (load.get(k) ?? 0) + 1);
      for (const [s, t] of g.locks) {
        const topic = inst.topics[t]!;
        if (locked.some((p) => p.studentId === sid(s))) continue;
        const fits =
          (load.get(`t:${topic.id}`) ?? 0) < topic.capacity &&
          (load.get(`l:${topic.supervisorId}`) ?? 0) < g.supCap[topicSup[t]!]! &&
          (load.get(`m:${topic.mentorId}`) ?? 0) < g.menCap[topicMen[t]!]!;
        if (!fits) continue;
        bump(`t:${topic.id}`);
        bump(`l:${topic.supervisorId}`);
        bump(`m:${topic.mentorId}`);
        locked.push({ studentId: sid(s), topicId: topic.id });
      }
      return { ...inst, locked };
    });
}

/** Same instance with every list shuffled (ids unchanged): results must not depend on input order. */
export function shuffled(inst: AllocationInstance, seed: number): AllocationInstance {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const sh = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return {
    ...inst,
    students: sh(inst.students),
    topics: sh(inst.topics),
    supervisors: sh(inst.supervisors),
    mentors: sh(inst.mentors),
    locked: sh(inst.locked ?? []),
  };
}
