/**
 * Turns a raw assignment (choice index per student) into the public result: assignments,
 * occupancy, welfare, and for every student the reason each better choice was missed.
 *
 * In stable mode the reasons ARE the stability certificates: for a choice t above the one
 * obtained, either t is full and the student is below all its admitted students, or t has room
 * and the supervisor or mentor is full with everyone ranked above the student. A choice with no
 * certificate is a blocking pair, which is how `stability.blockingPairs` is computed.
 */
import { rankScore } from './compile.ts';
import type { Compiled } from './compile.ts';
import type { Priorities } from './priority.ts';
import type {
  Assignment,
  Bottleneck,
  ChoiceConstraint,
  MissedChoice,
  Occupancy,
  StudentOutcome,
  UnmatchedReport,
  WelfareSummary,
  WelfareWeights,
} from './types.ts';

export interface Explained {
  assignments: Assignment[];
  students: StudentOutcome[];
  occupancy: { topics: Occupancy[]; supervisors: Occupancy[]; mentors: Occupancy[] };
  unmatched: UnmatchedReport;
  welfare: WelfareSummary;
  rankHistogram: number[];
  blockingPairs: { studentId: string; topicId: string }[];
}

export function ordinal(n: number): string {
  const v = n % 100;
  const suffix = v >= 11 && v <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * Welfare of a locked student on their locked topic: rank score when the topic is in their list
 * (0 otherwise — nothing to rank), plus the matcher's affinity either way.
 */
export function lockedWelfare(
  c: Compiled,
  w: WelfareWeights,
  s: number,
): { welfare: number; affinity: number; k: number } {
  const t = c.lockedTopic[s]!;
  let k = -1;
  for (let j = c.prefStart[s]!; j < c.prefStart[s + 1]!; j++) if (c.prefTopic[j] === t) k = j;
  if (k >= 0) return { welfare: choiceWelfare(c, w, s, k), affinity: c.prefAff[k]!, k };
  const affinity = c.instance.students[c.studentSrc[s]!]!.affinity?.[c.topicIds[t]!] ?? 0;
  return { welfare: w.affinity * affinity, affinity, k };
}

/** Welfare of student s on their choice k (a global index into prefTopic). */
export function choiceWelfare(c: Compiled, w: WelfareWeights, s: number, k: number): number {
  return w.rank * rankScore(k - c.prefStart[s]! + 1, c.maxPrefs) + w.affinity * c.prefAff[k]!;
}

export function explain(
  c: Compiled,
  choice: Int32Array,
  weights: WelfareWeights,
  how: { mode: 'stable'; priorities: Priorities } | { mode: 'optimal' },
): Explained {
  const S = c.studentIds.length;
  const T = c.topicIds.length;
  const L = c.supIds.length;
  const M = c.menIds.length;
  const { prefStart, prefTopic, topicSup, topicMen } = c;

  // Non-locked load and worst member position per holder (stable certificates need both).
  const cntT = new Int32Array(T);
  const cntL = new Int32Array(L);
  const cntM = new Int32Array(M);
  const worstT = new Int32Array(T).fill(-1);
  const worstL = new Int32Array(L).fill(-1);
  const worstM = new Int32Array(M).fill(-1);
  const pr = how.mode === 'stable' ? how.priorities : undefined;
  for (let s = 0; s < S; s++) {
    const k = choice[s]!;
    if (k < 0) continue;
    const t = prefTopic[k]!;
    const l = topicSup[t]!;
    const m = topicMen[t]!;
    cntT[t]!++;
    cntL[l]!++;
    cntM[m]!++;
    if (pr) {
      worstT[t] = Math.max(worstT[t]!, pr.rT[k]!);
      worstL[l] = Math.max(worstL[l]!, pr.rL[k]!);
      worstM[m] = Math.max(worstM[m]!, pr.rM[k]!);
    }
  }
  const usedT = (t: number) => cntT[t]! + c.lockT[t]!;
  const usedL = (l: number) => cntL[l]! + c.lockL[l]!;
  const usedM = (m: number) => cntM[m]! + c.lockM[m]!;

  // Labels and per-holder descriptions are computed once per holder, not once per choice.
  const topicLabel = c.topicIds.map((id, t) => c.instance.topics[c.topicSrc[t]!]!.title ?? id);
  const supLabel = c.supIds.map((id, l) => c.instance.supervisors[c.supSrc[l]!]!.name ?? id);
  const menLabel = c.menIds.map((id, m) => c.instance.mentors[c.menSrc[m]!]!.name ?? id);

  const blockingPairs: { studentId: string; topicId: string }[] = [];

  // Reasons only depend on the topic and on which of its holders refuse (a 5-bit mask), so the
  // constraint arrays and their text are built once per (topic, mask) and shared, read-only,
  // by every student they apply to: 200k missed choices cost no allocation beyond their record.
  const TOPIC = 1;
  const SUP = 2;
  const MEN = 4;
  const WELFARE = 8;
  const BLOCKING = 16;
  const cache = new Array<{ constraints: readonly ChoiceConstraint[]; text: string } | undefined>(T * 32);
  const reasonsOf = (t: number, mask: number) => {
    const hit = cache[t * 32 + mask];
    if (hit) return hit;
    const below = pr !== undefined;
    const cs: ChoiceConstraint[] = [];
    const parts: string[] = [];
    if (mask & BLOCKING) {
      cs.push({ kind: 'blocking-pair' });
      parts.push('would be admitted under the priorities (blocking pair)');
    }
    if (mask & TOPIC) {
      cs.push({
        kind: 'topic-full',
        topicId: c.topicIds[t]!,
        used: usedT(t),
        capacity: c.capT[t]!,
        rankedBelowAdmitted: below,
      });
      parts.push(`full (${usedT(t)}/${c.capT[t]}${below ? ', ranked below all admitted' : ''})`);
    }
    if (mask & SUP) {
      const l = topicSup[t]!;
      cs.push({
        kind: 'supervisor-full',
        supervisorId: c.supIds[l]!,
        used: usedL(l),
        capacity: c.capL[l]!,
        rankedBelowAdmitted: below,
      });
      parts.push(
        `supervisor '${supLabel[l]}' at capacity (${usedL(l)}/${c.capL[l]}${below ? ', ranked below all their students' : ''})`,
      );
    }
    if (mask & MEN) {
      const m = topicMen[t]!;
      cs.push({
        kind: 'mentor-full',
        mentorId: c.menIds[m]!,
        used: usedM(m),
        capacity: c.capM[m]!,
        rankedBelowAdmitted: below,
      });
      parts.push(
        `mentor '${menLabel[m]}' at capacity (${usedM(m)}/${c.capM[m]}${below ? ', ranked below all their students' : ''})`,
      );
    }
    if (mask & WELFARE) {
      cs.push({ kind: 'welfare' });
      parts.push('had room, but the welfare optimum assigns differently');
    }
    // "1st choice 'X' full (…)" reads naturally; other reasons follow a colon.
    const entry = {
      constraints: cs,
      text: `'${topicLabel[t]}'${mask & TOPIC ? ' ' : ': '}${parts.join(', ')}`,
    };
    cache[t * 32 + mask] = entry;
    return entry;
  };

  /** Which holders kept student s (on choice `cur`, −1 if unmatched) from choice k, as a mask. */
  const reasonMask = (s: number, k: number, cur: number): number => {
    const t = prefTopic[k]!;
    const l = topicSup[t]!;
    const m = topicMen[t]!;
    const curT = cur >= 0 ? prefTopic[cur]! : -1;
    const inL = curT >= 0 && topicSup[curT] === l;
    const inM = curT >= 0 && topicMen[curT] === m;
    const fullT = cntT[t]! >= c.resT[t]!;
    const fullL = cntL[l]! >= c.resL[l]!;
    const fullM = cntM[m]! >= c.resM[m]!;
    if (!pr) {
      const mask = (fullT ? TOPIC : 0) | (fullL && !inL ? SUP : 0) | (fullM && !inM ? MEN : 0);
      return mask === 0 ? WELFARE : mask;
    }
    // Stable mode: a full holder refuses s iff s ranks below its worst non-locked member
    // (a holder full of locked students only refuses everyone).
    const supRefuses = fullL && !inL && pr.rL[k]! > worstL[l]!;
    const menRefuses = fullM && !inM && pr.rM[k]! > worstM[m]!;
    if (fullT ? pr.rT[k]! < worstT[t]! : !supRefuses && !menRefuses) {
      blockingPairs.push({ studentId: c.studentIds[s]!, topicId: c.topicIds[t]! });
      return BLOCKING;
    }
    return (fullT ? TOPIC : 0) | (supRefuses ? SUP : 0) | (menRefuses ? MEN : 0);
  };

  const assignments: Assignment[] = [];
  const students: StudentOutcome[] = [];
  const rankHistogram = new Array<number>(c.maxPrefs).fill(0);
  let total = 0;
  let rankSum = 0;
  let affSum = 0;
  const unmatchedIds: string[] = [];
  let withoutPreferences = 0;
  const byConstraint: Record<ChoiceConstraint['kind'], number> = {
    'topic-full': 0,
    'supervisor-full': 0,
    'mentor-full': 0,
    welfare: 0,
    'blocking-pair': 0,
  };
  const blockedT = new Int32Array(T);
  const blockedL = new Int32Array(L);
  const blockedM = new Int32Array(M);
  // A student who listed two topics of one full supervisor is one blocked student, not two:
  // stamp each resource with the last student counted against it.
  const stampT = new Int32Array(T).fill(-1);
  const stampL = new Int32Array(L).fill(-1);
  const stampM = new Int32Array(M).fill(-1);
  const block = (blocked: Int32Array, stamp: Int32Array, i: number, s: number) => {
    if (stamp[i] === s) return;
    stamp[i] = s;
    blocked[i]!++;
  };

  for (let s = 0; s < S; s++) {
    const sid = c.studentIds[s]!;
    const p0 = prefStart[s]!;
    const p1 = prefStart[s + 1]!;
    const lockedT = c.lockedTopic[s]!;
    if (lockedT >= 0) {
      const { welfare: wv, affinity: aff, k } = lockedWelfare(c, weights, s);
      const rank = k >= 0 ? k - p0 + 1 : null;
      total += wv;
      affSum += aff;
      if (rank !== null) {
        rankSum += rankScore(rank, c.maxPrefs);
        rankHistogram[rank - 1]!++;
      }
      assignments.push({
        studentId: sid,
        topicId: c.topicIds[lockedT]!,
        supervisorId: c.supIds[topicSup[lockedT]!]!,
        mentorId: c.menIds[topicMen[lockedT]!]!,
        rank,
        locked: true,
        welfare: wv,
      });
      students.push({
        studentId: sid,
        status: 'assigned',
        locked: true,
        topicId: c.topicIds[lockedT]!,
        rank,
        missed: [],
        message: `locked to '${topicLabel[lockedT]}'${rank ? ` (${ordinal(rank)} choice)` : ' (not in their list)'}`,
      });
      continue;
    }
    const k = choice[s]!;
    const end = k >= 0 ? k : p1;
    const missed: MissedChoice[] = [];
    let text = '';
    let kinds = 0;
    for (let j = p0; j < end; j++) {
      const t = prefTopic[j]!;
      const mask = reasonMask(s, j, k);
      const r = reasonsOf(t, mask);
      missed.push({ topicId: c.topicIds[t]!, rank: j - p0 + 1, constraints: r.constraints });
      text += `${j > p0 ? '; ' : ''}${ordinal(j - p0 + 1)} choice ${r.text}`;
      if (k >= 0) continue;
      kinds |= mask;
      if (mask & TOPIC) block(blockedT, stampT, t, s);
      if (mask & SUP) block(blockedL, stampL, topicSup[t]!, s);
      if (mask & MEN) block(blockedM, stampM, topicMen[t]!, s);
    }
    if (k >= 0) {
      const t = prefTopic[k]!;
      const rank = k - p0 + 1;
      const wv = choiceWelfare(c, weights, s, k);
      total += wv;
      rankSum += rankScore(rank, c.maxPrefs);
      affSum += c.prefAff[k]!;
      rankHistogram[rank - 1]!++;
      assignments.push({
        studentId: sid,
        topicId: c.topicIds[t]!,
        supervisorId: c.supIds[topicSup[t]!]!,
        mentorId: c.menIds[topicMen[t]!]!,
        rank,
        locked: false,
        welfare: wv,
      });
      students.push({
        studentId: sid,
        status: 'assigned',
        locked: false,
        topicId: c.topicIds[t]!,
        rank,
        missed,
        message: `${ordinal(rank)} choice` + (missed.length ? `: ${text}` : ''),
      });
    } else {
      unmatchedIds.push(sid);
      if (p1 === p0) withoutPreferences++;
      if (kinds & TOPIC) byConstraint['topic-full']++;
      if (kinds & SUP) byConstraint['supervisor-full']++;
      if (kinds & MEN) byConstraint['mentor-full']++;
      if (kinds & WELFARE) byConstraint.welfare++;
      if (kinds & BLOCKING) byConstraint['blocking-pair']++;
      students.push({
        studentId: sid,
        status: 'unmatched',
        locked: false,
        missed,
        message: p1 === p0 ? 'unmatched: ranked no topic' : `unmatched: ${text}`,
      });
    }
  }

  const occ = (ids: readonly string[], cap: Int32Array, used: (i: number) => number, lock: Int32Array) =>
    ids.map((id, i) => ({ id, used: used(i), capacity: cap[i]!, locked: lock[i]! }));
  const bottlenecks: Bottleneck[] = [];
  const addB = (
    kind: Bottleneck['kind'],
    ids: readonly string[],
    blocked: Int32Array,
    cap: Int32Array,
    used: (i: number) => number,
  ) => {
    blocked.forEach((n, i) => {
      if (n > 0)
        bottlenecks.push({ kind, id: ids[i]!, blockedStudents: n, used: used(i), capacity: cap[i]! });
    });
  };
  addB('topic', c.topicIds, blockedT, c.capT, usedT);
  addB('supervisor', c.supIds, blockedL, c.capL, usedL);
  addB('mentor', c.menIds, blockedM, c.capM, usedM);
  bottlenecks.sort(
    (a, b) => b.blockedStudents - a.blockedStudents || a.kind.localeCompare(b.kind) || (a.id < b.id ? -1 : 1),
  );

  return {
    assignments,
    students,
    occupancy: {
      topics: occ(c.topicIds, c.capT, usedT, c.lockT),
      supervisors: occ(c.supIds, c.capL, usedL, c.lockL),
      mentors: occ(c.menIds, c.capM, usedM, c.lockM),
    },
    unmatched: {
      count: unmatchedIds.length,
      studentIds: unmatchedIds,
      withoutPreferences,
      byConstraint,
      bottlenecks: bottlenecks.slice(0, 20),
    },
    welfare: { weights, total, rankScore: rankSum, affinity: affSum },
    rankHistogram,
    blockingPairs,
  };
}
