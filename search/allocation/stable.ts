/**
 * Stable mode: student-project allocation (SPA) with a campus supervisor AND an industry mentor
 * per topic, each with a capacity.
 *
 * ## Model
 * Students s rank acceptable topics (strictly). Topic t has capacity c_t, supervisor l(t) with
 * capacity d_l, mentor m(t) with capacity e_m. Each topic, supervisor and mentor x holds a strict
 * priority list L_x over the students who applied to it (see priority.ts; a topic's list is the
 * restriction of a longer list, exactly as SPA's projected lecturer lists). A matching M gives
 * each student at most one acceptable topic and respects all three capacities. Locked students
 * are fixed in M, are not in any list and count as top priority at their topic, supervisor and
 * mentor; equivalently everything below works on residual capacities, which is what the code does.
 *
 * ## Stability (the mentor as a second lecturer)
 * For a non-locked student s and a topic t that s prefers to M(s) (or s is unmatched and finds t
 * acceptable), with l = l(t), m = m(t), the pair (s, t) BLOCKS M iff
 *   (c) t is full and L_t puts s above the worst student of M(t)       — s would replace them; the
 *       loads of l and m cannot grow (the replaced student frees both), or
 *   (a) t is under-subscribed and BOTH roles x ∈ {l, m} accept s:
 *        x is under-subscribed, or s ∈ M(x) already (moving inside x keeps its load), or
 *        x is full and L_x puts s above the worst student of M(x) (x drops that student).
 * M is stable iff no pair blocks it. With the mentor removed (e_m = ∞) this is exactly condition
 * 3(a)–(c) of Abraham, Irving & Manlove (2007), "Two algorithms for the Student-Project
 * Allocation problem", J. Discrete Algorithms 5(1).
 *
 * ## What is (and is not) guaranteed
 * The mentor makes the capacity family {topics, supervisors, mentors} non-laminar: a mentor's
 * topics may sit under several supervisors and vice versa. With independent lists a stable
 * matching may then not exist, and when several exist none may be best for every student
 * (two students, one topic of capacity 2 under supervisor A (cap 1, prefers s1) and mentor X
 * (cap 1, prefers s2): {s1} and {s2} are both stable). So the engine offers two priority modes:
 *
 * - `common` (default): every list is the restriction of one order σ. Then serial dictatorship
 *   in σ order (each student takes their best topic with room on all three sides) yields the
 *   UNIQUE stable matching, hence the student-optimal one. Proof sketch: when s is served, every
 *   topic s prefers is blocked by a full topic/supervisor/mentor whose members all precede s in σ
 *   and never leave, so (c)/(a) fail for s; uniqueness: in any stable M', by induction along σ the
 *   first student whose topic differs would form a blocking pair in M' or contradict feasibility.
 *   (AIM's proposal algorithm is NOT used here: with crossing capacities a rejection by the
 *   supervisor can be undone by a later rejection at the mentor, and SPA-student then misses
 *   the stable matching; brute force found such instances.)
 * - `per-agent`: SPA-student (AIM 2007, Fig. 1) with the mentor as a second lecturer: a proposal
 *   that overloads the topic rejects the topic's worst; one that overloads the supervisor and/or
 *   mentor rejects, when both overflow, a single student whose removal relieves both if there is
 *   one (the mentor's worst if under the same supervisor, else the supervisor's worst if under
 *   the same mentor), otherwise each one's worst; whenever a topic/supervisor/mentor is full, the
 *   students below its worst member are deleted from all its topics. When the structure is
 *   laminar (each supervisor–mentor pair sharing a topic is nested) with consistent lists — the
 *   `laminar` flag of the priorities — this is SPA on a laminar hierarchy and returns the
 *   student-optimal stable matching. Otherwise the result is checked and every blocking pair is
 *   reported (`stability.stable = false`).
 *
 * Both run in O(Σ preference-list lengths) after the priorities are built.
 */
import type { Compiled } from './compile.ts';
import type { Priorities } from './priority.ts';

/** Serial dictatorship in σ order. Returns, per student, the index k of the choice obtained or −1. */
export function serialDictatorship(c: Compiled, p: Priorities): Int32Array {
  const order = p.order;
  if (!order) throw new Error('serial dictatorship needs a common priority order');
  const choice = new Int32Array(c.studentIds.length).fill(-1);
  const cntT = new Int32Array(c.topicIds.length);
  const cntL = new Int32Array(c.supIds.length);
  const cntM = new Int32Array(c.menIds.length);
  for (const s of order) {
    for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++) {
      const t = c.prefTopic[k]!;
      const l = c.topicSup[t]!;
      const m = c.topicMen[t]!;
      if (cntT[t]! < c.resT[t]! && cntL[l]! < c.resL[l]! && cntM[m]! < c.resM[m]!) {
        cntT[t]!++;
        cntL[l]!++;
        cntM[m]!++;
        choice[s] = k;
        break;
      }
    }
  }
  return choice;
}

const offsets = (len: Int32Array) => {
  const off = new Int32Array(len.length + 1);
  for (let i = 0; i < len.length; i++) off[i + 1] = off[i]! + len[i]!;
  return off;
};

/**
 * One capacity holder class (all topics, or all supervisors, or all mentors): members are kept in
 * slots indexed by list position, so the worst member is found by scanning down from `cut`.
 * `cut[x]` is the deletion threshold: students at positions > cut[x] were deleted from every topic
 * of x. It only moves up the list, which makes all scans O(list length) in total.
 */
class Holders {
  readonly off: Int32Array;
  readonly slot: Int32Array;
  readonly cut: Int32Array;
  readonly cnt: Int32Array;
  constructor(
    len: Int32Array,
    readonly cap: Int32Array,
  ) {
    this.off = offsets(len);
    this.slot = new Int32Array(this.off[len.length]!).fill(-1);
    this.cut = Int32Array.from(len, (n, x) => (cap[x]! === 0 ? -1 : n - 1));
    this.cnt = new Int32Array(len.length);
  }
  /** Position of the worst member of x, or −1 when x has none. */
  worstPos(x: number): number {
    const base = this.off[x]!;
    for (let p = this.cut[x]!; p >= 0; p--) if (this.slot[base + p]! >= 0) return p;
    return -1;
  }
  worst(x: number): number {
    const p = this.worstPos(x);
    return p < 0 ? -1 : this.slot[this.off[x]! + p]!;
  }
  /** If x is full, delete everyone below its worst member. */
  tighten(x: number): void {
    if (this.cnt[x] === this.cap[x]) this.cut[x] = this.worstPos(x);
  }
}

/** SPA-student with the mentor as a second lecturer (see the module comment). */
export function spaStudent(c: Compiled, p: Priorities): Int32Array {
  if (!p.lenT || !p.lenL || !p.lenM) throw new Error('SPA-student needs per-agent priority lists');
  const { prefStart, prefTopic, topicSup, topicMen } = c;
  const { rT, rL, rM } = p;
  const T = new Holders(p.lenT, c.resT);
  const L = new Holders(p.lenL, c.resL);
  const M = new Holders(p.lenM, c.resM);
  const S = c.studentIds.length;
  const choice = new Int32Array(S).fill(-1);
  const next = prefStart.slice(0, S);
  const free: number[] = [];
  for (let s = S - 1; s >= 0; s--) if (c.lockedTopic[s]! < 0) free.push(s);

  const place = (s: number, k: number) => {
    const t = prefTopic[k]!;
    const l = topicSup[t]!;
    const m = topicMen[t]!;
    T.slot[T.off[t]! + rT[k]!] = s;
    L.slot[L.off[l]! + rL[k]!] = s;
    M.slot[M.off[m]! + rM[k]!] = s;
    T.cnt[t]!++;
    L.cnt[l]!++;
    M.cnt[m]!++;
    choice[s] = k;
  };
  const reject = (s: number) => {
    const k = choice[s]!;
    const t = prefTopic[k]!;
    const l = topicSup[t]!;
    const m = topicMen[t]!;
    T.slot[T.off[t]! + rT[k]!] = -1;
    L.slot[L.off[l]! + rL[k]!] = -1;
    M.slot[M.off[m]! + rM[k]!] = -1;
    T.cnt[t]!--;
    L.cnt[l]!--;
    M.cnt[m]!--;
    choice[s] = -1;
    next[s] = k + 1; // (s, t) is deleted: s never proposes to t again
    free.push(s);
  };

  while (free.length > 0) {
    const s = free.pop()!;
    const end = prefStart[s + 1]!;
    let k = next[s]!;
    for (; k < end; k++) {
      const t = prefTopic[k]!;
      if (rT[k]! <= T.cut[t]! && rL[k]! <= L.cut[topicSup[t]!]! && rM[k]! <= M.cut[topicMen[t]!]!) break;
    }
    next[s] = k;
    if (k === end) continue; // list exhausted: s stays unmatched
    const t = prefTopic[k]!;
    const l = topicSup[t]!;
    const m = topicMen[t]!;
    place(s, k);
    if (T.cnt[t]! > T.cap[t]!) {
      reject(T.worst(t)); // frees the supervisor and mentor slot as well
    } else {
      const overL = L.cnt[l]! > L.cap[l]!;
      const overM = M.cnt[m]! > M.cap[m]!;
      if (overL && overM) {
        const wl = L.worst(l);
        const wm = M.worst(m);
        if (topicSup[prefTopic[choice[wm]!]!] === l) reject(wm);
        else if (topicMen[prefTopic[choice[wl]!]!] === m) reject(wl);
        else {
          reject(wl);
          reject(wm);
        }
      } else if (overL) reject(L.worst(l));
      else if (overM) reject(M.worst(m));
    }
    T.tighten(t);
    L.tighten(l);
    M.tighten(m);
  }
  return choice;
}
