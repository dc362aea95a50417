/**
 * Independent reference implementations for the allocation tests. Deliberately naive: string ids,
 * arrays and full enumeration, written from the definitions in search/allocation/stable.ts and
 * optimal.ts without sharing any of the engine's code or data structures.
 */
import type { AllocationInstance } from '../../../search/allocation/types.ts';

/** student id → topic id (locked pairs included); absent = unmatched. */
export type Matching = ReadonlyMap<string, string>;

/** Priority lists as the engine's `priorityLists` returns them: holder id → student ids, best first. */
export interface Lists {
  readonly topics: Readonly<Record<string, readonly string[]>>;
  readonly supervisors: Readonly<Record<string, readonly string[]>>;
  readonly mentors: Readonly<Record<string, readonly string[]>>;
}

const topicOf = (inst: AllocationInstance, id: string) => inst.topics.find((t) => t.id === id)!;

export function lockedMap(inst: AllocationInstance): Map<string, string> {
  return new Map((inst.locked ?? []).map((p) => [p.studentId, p.topicId]));
}

/** Every capacity violation of `m`, as readable strings (empty = feasible). */
export function capacityViolations(inst: AllocationInstance, m: Matching): string[] {
  const out: string[] = [];
  for (const t of inst.topics) {
    const n = [...m.values()].filter((x) => x === t.id).length;
    if (n > t.capacity) out.push(`topic ${t.id}: ${n} > ${t.capacity}`);
  }
  for (const l of inst.supervisors) {
    const n = [...m.values()].filter((x) => topicOf(inst, x).supervisorId === l.id).length;
    if (n > l.capacity) out.push(`supervisor ${l.id}: ${n} > ${l.capacity}`);
  }
  for (const x of inst.mentors) {
    const n = [...m.values()].filter((t) => topicOf(inst, t).mentorId === x.id).length;
    if (n > x.capacity) out.push(`mentor ${x.id}: ${n} > ${x.capacity}`);
  }
  for (const [s, t] of m) {
    const st = inst.students.find((x) => x.id === s)!;
    const locked = (inst.locked ?? []).some((p) => p.studentId === s && p.topicId === t);
    if (!locked && !st.preferences.includes(t)) out.push(`student ${s} got unlisted topic ${t}`);
  }
  return out;
}

/**
 * Blocking pairs of `m` under the documented definition: for a non-locked student s and a topic t
 * that s prefers to M(s), with l, x its supervisor and mentor,
 *  (c) t full and t's list puts s above the worst non-locked student of M(t), or
 *  (a) t not full and each role r ∈ {l, x} accepts s: r not full, or s ∈ M(r), or r full and its
 *      list puts s above its worst non-locked student.
 * Locked students are top priority everywhere, so they are never "the worst".
 */
export function blockingPairs(inst: AllocationInstance, lists: Lists, m: Matching): [string, string][] {
  const locked = lockedMap(inst);
  const out: [string, string][] = [];
  const members = (pred: (topicId: string) => boolean) =>
    [...m.entries()].filter(([, t]) => pred(t)).map(([s]) => s);
  for (const st of inst.students) {
    if (locked.has(st.id)) continue;
    const cur = m.get(st.id);
    const curRank = cur === undefined ? st.preferences.length : st.preferences.indexOf(cur);
    for (const tid of st.preferences.slice(0, curRank)) {
      const t = topicOf(inst, tid);
      const inT = members((x) => x === tid);
      const pos = (list: readonly string[], s: string) => {
        const i = list.indexOf(s);
        if (i < 0) throw new Error(`student ${s} missing from a priority list`);
        return i;
      };
      const worstPos = (list: readonly string[], ms: string[]) =>
        Math.max(-1, ...ms.filter((s) => !locked.has(s)).map((s) => pos(list, s)));
      if (inT.length >= t.capacity) {
        const w = worstPos(lists.topics[tid]!, inT);
        if (w >= 0 && pos(lists.topics[tid]!, st.id) < w) out.push([st.id, tid]);
        continue;
      }
      const accepts = (roleCap: number, list: readonly string[], inRole: string[], sameRole: boolean) => {
        if (inRole.length < roleCap || sameRole) return true;
        const w = worstPos(list, inRole);
        return w >= 0 && pos(list, st.id) < w;
      };
      const curTopic = cur === undefined ? undefined : topicOf(inst, cur);
      const sup = inst.supervisors.find((x) => x.id === t.supervisorId)!;
      const men = inst.mentors.find((x) => x.id === t.mentorId)!;
      const supOk = accepts(
        sup.capacity,
        lists.supervisors[sup.id]!,
        members((x) => topicOf(inst, x).supervisorId === sup.id),
        curTopic?.supervisorId === sup.id,
      );
      const menOk = accepts(
        men.capacity,
        lists.mentors[men.id]!,
        members((x) => topicOf(inst, x).mentorId === men.id),
        curTopic?.mentorId === men.id,
      );
      if (supOk && menOk) out.push([st.id, tid]);
    }
  }
  return out;
}

/** Every capacity-feasible matching (locked pairs kept, others unmatched or on a listed topic). */
export function allMatchings(inst: AllocationInstance): Map<string, string>[] {
  const locked = lockedMap(inst);
  const free = inst.students.filter((s) => !locked.has(s.id));
  const out: Map<string, string>[] = [];
  const cur = new Map(locked);
  const rec = (i: number) => {
    if (capacityViolations(inst, cur).length > 0) return; // prune: loads only grow
    if (i === free.length) {
      out.push(new Map(cur));
      return;
    }
    const s = free[i]!;
    rec(i + 1);
    for (const t of s.preferences) {
      cur.set(s.id, t);
      rec(i + 1);
      cur.delete(s.id);
    }
  };
  rec(0);
  return out;
}

export const rankIn = (inst: AllocationInstance, m: Matching, s: string): number => {
  const st = inst.students.find((x) => x.id === s)!;
  const t = m.get(s);
  return t === undefined ? Number.POSITIVE_INFINITY : st.preferences.indexOf(t);
};

/** m is weakly better than every other for every student (ranks compared; locked ignored). */
export function isStudentOptimal(inst: AllocationInstance, m: Matching, all: Matching[]): boolean {
  const locked = lockedMap(inst);
  return all.every((o) =>
    inst.students.every((s) => locked.has(s.id) || rankIn(inst, m, s.id) <= rankIn(inst, o, s.id)),
  );
}

/** Welfare exactly as documented: w_rank · (N − r + 1)/N + w_aff · affinity, locked pairs included. */
export function welfareOf(
  inst: AllocationInstance,
  m: Matching,
  w: { rank: number; affinity: number } = { rank: 1, affinity: 0.5 },
): number {
  const N = inst.maxPreferences ?? 10;
  let total = 0;
  for (const [s, t] of m) {
    const st = inst.students.find((x) => x.id === s)!;
    const r = st.preferences.indexOf(t);
    total += (r >= 0 ? w.rank * ((N - r) / N) : 0) + w.affinity * (st.affinity?.[t] ?? 0);
  }
  return total;
}

/** Topics with at least one applicant that have no student in m. */
export function uncoveredTopics(inst: AllocationInstance, m: Matching): string[] {
  const used = new Set(m.values());
  return inst.topics
    .filter((t) => inst.students.some((s) => s.preferences.includes(t.id)) && !used.has(t.id))
    .map((t) => t.id);
}
