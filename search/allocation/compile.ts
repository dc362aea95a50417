/**
 * Turns a validated instance into dense typed arrays indexed canonically (every id list sorted),
 * so results never depend on the order rows came out of the database, and the hot loops of both
 * modes touch only integers.
 */
import { DEFAULT_MAX_PREFERENCES } from './validate.ts';
import type { AllocationInstance, WelfareWeights } from './types.ts';

export const DEFAULT_WEIGHTS: WelfareWeights = Object.freeze({ rank: 1, affinity: 0.5 });

export interface Compiled {
  readonly instance: AllocationInstance;
  readonly maxPrefs: number;
  readonly studentIds: readonly string[];
  readonly topicIds: readonly string[];
  readonly supIds: readonly string[];
  readonly menIds: readonly string[];
  readonly topicIndex: ReadonlyMap<string, number>;
  readonly studentIndex: ReadonlyMap<string, number>;
  readonly supIndex: ReadonlyMap<string, number>;
  readonly menIndex: ReadonlyMap<string, number>;
  /** Original input position of each canonical student / topic / supervisor, for names and rankings. */
  readonly studentSrc: Int32Array;
  readonly topicSrc: Int32Array;
  readonly supSrc: Int32Array;
  readonly menSrc: Int32Array;
  readonly topicSup: Int32Array;
  readonly topicMen: Int32Array;
  /** Full capacities. */
  readonly capT: Int32Array;
  readonly capL: Int32Array;
  readonly capM: Int32Array;
  /** Seats already taken by locked pairs. */
  readonly lockT: Int32Array;
  readonly lockL: Int32Array;
  readonly lockM: Int32Array;
  /** Residual capacities left for the students who are not locked. */
  readonly resT: Int32Array;
  readonly resL: Int32Array;
  readonly resM: Int32Array;
  /** Student s's choices are prefTopic[prefStart[s] .. prefStart[s+1]), best first. */
  readonly prefStart: Int32Array;
  readonly prefTopic: Int32Array;
  /** Affinity of each choice (0 when the matcher gave none). */
  readonly prefAff: Float64Array;
  /** Topic a student is locked to, or −1. */
  readonly lockedTopic: Int32Array;
  /** Seeded per-student tie-break key (uint32). */
  readonly studentTie: Uint32Array;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Seeded 32-bit hash of a string (FNV-1a, then murmur3's finaliser for avalanche). */
export function seededHash(seed: number, s: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** rankScore(r) = (N − r + 1) / N: 1 for a first choice down to 1/N for the N-th. */
export const rankScore = (rank: number, maxPrefs: number): number => (maxPrefs - rank + 1) / maxPrefs;

export function resolveWeights(w: Partial<WelfareWeights> | undefined): WelfareWeights {
  return { rank: w?.rank ?? DEFAULT_WEIGHTS.rank, affinity: w?.affinity ?? DEFAULT_WEIGHTS.affinity };
}

function canonical<T extends { id: string }>(list: readonly T[]) {
  const src = Int32Array.from(list.keys()).sort((a, b) => byCodeUnits(list[a]!.id, list[b]!.id));
  const ids = Array.from(src, (i) => list[i]!.id);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  return { src, ids, index };
}

/** Assumes `validate(instance).ok`. */
export function compile(instance: AllocationInstance): Compiled {
  const st = canonical(instance.students);
  const tp = canonical(instance.topics);
  const sp = canonical(instance.supervisors);
  const mn = canonical(instance.mentors);
  const S = st.ids.length;
  const T = tp.ids.length;

  const topicSup = new Int32Array(T);
  const topicMen = new Int32Array(T);
  const capT = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    const topic = instance.topics[tp.src[t]!]!;
    topicSup[t] = sp.index.get(topic.supervisorId)!;
    topicMen[t] = mn.index.get(topic.mentorId)!;
    capT[t] = topic.capacity;
  }
  const capL = Int32Array.from(sp.src, (i) => instance.supervisors[i]!.capacity);
  const capM = Int32Array.from(mn.src, (i) => instance.mentors[i]!.capacity);

  const prefStart = new Int32Array(S + 1);
  for (let s = 0; s < S; s++)
    prefStart[s + 1] = prefStart[s]! + instance.students[st.src[s]!]!.preferences.length;
  const prefTopic = new Int32Array(prefStart[S]!);
  const prefAff = new Float64Array(prefStart[S]!);
  for (let s = 0; s < S; s++) {
    const student = instance.students[st.src[s]!]!;
    const aff = student.affinity;
    let k = prefStart[s]!;
    for (const tid of student.preferences) {
      prefTopic[k] = tp.index.get(tid)!;
      prefAff[k] = aff?.[tid] ?? 0;
      k++;
    }
  }

  const lockedTopic = new Int32Array(S).fill(-1);
  const lockT = new Int32Array(T);
  const lockL = new Int32Array(capL.length);
  const lockM = new Int32Array(capM.length);
  for (const p of instance.locked ?? []) {
    const s = st.index.get(p.studentId)!;
    const t = tp.index.get(p.topicId)!;
    lockedTopic[s] = t;
    lockT[t]!++;
    lockL[topicSup[t]!]!++;
    lockM[topicMen[t]!]!++;
  }
  const sub = (a: Int32Array, b: Int32Array) => a.map((x, i) => x - b[i]!);

  const studentTie = new Uint32Array(S);
  for (let s = 0; s < S; s++) studentTie[s] = seededHash(instance.seed, st.ids[s]!);

  return {
    instance,
    maxPrefs: instance.maxPreferences ?? DEFAULT_MAX_PREFERENCES,
    studentIds: st.ids,
    topicIds: tp.ids,
    supIds: sp.ids,
    menIds: mn.ids,
    topicIndex: tp.index,
    studentIndex: st.index,
    supIndex: sp.index,
    menIndex: mn.index,
    studentSrc: st.src,
    topicSrc: tp.src,
    supSrc: sp.src,
    menSrc: mn.src,
    topicSup,
    topicMen,
    capT,
    capL,
    capM,
    lockT,
    lockL,
    lockM,
    resT: sub(capT, lockT),
    resL: sub(capL, lockL),
    resM: sub(capM, lockM),
    prefStart,
    prefTopic,
    prefAff,
    lockedTopic,
    studentTie,
  };
}
