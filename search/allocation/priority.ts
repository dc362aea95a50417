/**
 * Institution-side priority lists for stable mode.
 *
 * Every list is a strict order over the (non-locked) students who applied to the agent. Explicit
 * rankings (a supervisor's, a topic owner's) are merged as precedence constraints; students they
 * leave unordered fall back to affinity (higher first), then to the seeded tie-break; a student
 * ranked above another inherits that one's affinity for this purpose, so "s3 above s1" lifts s3
 * instead of sinking s1. When rankings contradict each other (a cycle), the merge keeps as many
 * as it can, forcing the student with the fewest unplaced predecessors, and reports each broken
 * pair — it never fails. The common-mode key uses only the SET of topics a student ranked, not
 * their order, so reordering one's list never changes one's priority.
 *
 * - `common`: ONE order σ over all students; each agent's list is σ restricted to its applicants.
 *   Fallback key: the student's best affinity over the topics they ranked.
 * - `per-agent`: each supervisor's own order (their ranking + their topics' rankings, fallback:
 *   best affinity over that supervisor's topics); a topic's list is its supervisor's list
 *   restricted to the topic's applicants (as in Abraham–Irving–Manlove); a mentor's list merges
 *   the lists of the supervisors they work with (the mentor inherits the academic side's order),
 *   fallback: best affinity over the mentor's topics.
 *
 * Positions are returned per choice (`rT/rL/rM[k]` = position of the student in the list of the
 * topic / supervisor / mentor of choice k), compact per agent (0 … applicants − 1) in per-agent
 * mode and σ positions in common mode; only comparisons within one agent's list are meaningful.
 */
import type { Compiled } from './compile.ts';
import type { PriorityConflict, PriorityMode } from './types.ts';

export interface Priorities {
  readonly mode: PriorityMode;
  readonly rT: Int32Array;
  readonly rL: Int32Array;
  readonly rM: Int32Array;
  /** Common mode: non-locked students, best first. */
  readonly order?: Int32Array;
  /** Per-agent mode: list lengths (applicant counts) per topic / supervisor / mentor. */
  readonly lenT?: Int32Array;
  readonly lenL?: Int32Array;
  readonly lenM?: Int32Array;
  readonly conflicts: { count: number; examples: PriorityConflict[] };
  /**
   * Per-agent mode: every supervisor–mentor pair sharing a topic is nested (one's topics contain
   * the other's) and the mentors' merged lists broke no supervisor order. Then the
   * supervisor/mentor/topic capacities form a laminar family with consistent lists and SPA-student
   * keeps its guarantees. Always true in common mode.
   */
  readonly laminar: boolean;
}

const MAX_CONFLICT_EXAMPLES = 50;

interface Chain {
  readonly source: 'supervisor' | 'topic';
  readonly sourceId: string;
  /** Local node indices, best first. */
  readonly nodes: Int32Array;
}

interface ConflictSink {
  count: number;
  examples: PriorityConflict[];
}

/**
 * A node that must precede another inherits its urgency: urgency(v) = max key over v and
 * everything reachable from v (cycles share their maximum). Without it, "s3 above s1" would let
 * unrelated students with a lower key than s1 jump ahead of both while s3 waits. Iterative
 * Tarjan: SCCs complete sinks-first, so successors' urgencies are final when an SCC closes.
 */
function inheritedKeys(n: number, key: Float64Array, outStart: Int32Array, outTo: Int32Array): Float64Array {
  const urgency = new Float64Array(n);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callV: number[] = [];
  const callE: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root]! >= 0) continue;
    callV.push(root);
    callE.push(outStart[root]!);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (callV.length > 0) {
      const v = callV[callV.length - 1]!;
      const e = callE[callE.length - 1]!;
      if (e < outStart[v + 1]!) {
        callE[callE.length - 1] = e + 1;
        const w = outTo[e]!;
        if (index[w]! < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callV.push(w);
          callE.push(outStart[w]!);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      callV.pop();
      callE.pop();
      const parent = callV[callV.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[v]!);
      if (low[v] !== index[v]) continue;
      // v roots an SCC: its members are on the stack above it.
      let top = stack.length;
      while (stack[top - 1] !== v) top--;
      top--;
      let best = Number.NEGATIVE_INFINITY;
      for (let i = top; i < stack.length; i++) {
        const u = stack[i]!;
        best = Math.max(best, key[u]!);
        for (let f = outStart[u]!; f < outStart[u + 1]!; f++) {
          const w = outTo[f]!;
          if (!onStack[w]) best = Math.max(best, urgency[w]!); // finished SCC downstream
        }
      }
      for (let i = top; i < stack.length; i++) {
        urgency[stack[i]!] = best;
        onStack[stack[i]!] = 0;
      }
      stack.length = top;
    }
  }
  return urgency;
}

/**
 * Topological merge of precedence chains over n local nodes. One lazy binary heap ordered by
 * (remaining in-degree ↑, inherited urgency ↓, key ↓, tie ↑): nodes whose predecessors are all
 * placed come first, most urgent first; when only cycles remain the node with the fewest unplaced
 * predecessors is forced and each of those predecessor edges is reported as a conflict.
 */
function mergeOrder(
  n: number,
  key: Float64Array,
  tie: Uint32Array,
  chains: readonly Chain[],
  scope: string,
  studentOf: (local: number) => number,
  studentIds: readonly string[],
  sink: ConflictSink,
): Int32Array {
  let edges = 0;
  for (const c of chains) edges += Math.max(0, c.nodes.length - 1);
  if (edges === 0) {
    // No explicit ranking (most holders): affinity, then the seeded tie-break.
    return Int32Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => key[b]! - key[a]! || tie[a]! - tie[b]! || a - b,
    );
  }
  if (chains.length === 1 && chains[0]!.nodes.length === n) return chains[0]!.nodes; // one total order: itself
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  for (const c of chains) {
    for (let i = 0; i + 1 < c.nodes.length; i++) {
      outStart[c.nodes[i]! + 1]!++;
      inStart[c.nodes[i + 1]! + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) {
    outStart[i + 1]! += outStart[i]!;
    inStart[i + 1]! += inStart[i]!;
  }
  const outTo = new Int32Array(edges);
  const inFrom = new Int32Array(edges);
  const inChain = new Int32Array(edges);
  const outFill = outStart.slice(0, n);
  const inFill = inStart.slice(0, n);
  chains.forEach((c, ci) => {
    for (let i = 0; i + 1 < c.nodes.length; i++) {
      const a = c.nodes[i]!;
      const b = c.nodes[i + 1]!;
      outTo[outFill[a]!++] = b;
      const e = inFill[b]!++;
      inFrom[e] = a;
      inChain[e] = ci;
    }
  });
  const indeg = new Int32Array(n);
  for (let i = 0; i < n; i++) indeg[i] = inStart[i + 1]! - inStart[i]!;
  const urgency = inheritedKeys(n, key, outStart, outTo);

  // Static preference among ready nodes, then a heap of single numbers indeg·n + preference
  // rank (smaller first): no comparator closures or tuple allocations in the hot loop.
  const byPref = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => urgency[b]! - urgency[a]! || key[b]! - key[a]! || tie[a]! - tie[b]! || a - b,
  );
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) rank[byPref[r]!] = r;
  const heap = new Float64Array(n + edges);
  let size = 0;
  const push = (x: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]! <= x) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = x;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const x = heap[--size]!;
    let i = 0;
    for (;;) {
      let m = 2 * i + 1;
      if (m >= size) break;
      if (m + 1 < size && heap[m + 1]! < heap[m]!) m++;
      if (heap[m]! >= x) break;
      heap[i] = heap[m]!;
      i = m;
    }
    heap[i] = x;
    return top;
  };
  for (let v = 0; v < n; v++) push(indeg[v]! * n + rank[v]!);
  const placed = new Uint8Array(n);
  const order = new Int32Array(n);
  let next = 0;
  while (next < n) {
    const top = pop();
    const d = Math.floor(top / n);
    const v = byPref[top - d * n]!;
    if (placed[v] || d !== indeg[v]) continue;
    if (d > 0) {
      for (let e = inStart[v]!; e < inStart[v + 1]!; e++) {
        const u = inFrom[e]!;
        if (placed[u]) continue;
        sink.count++;
        if (sink.examples.length < MAX_CONFLICT_EXAMPLES) {
          const c = chains[inChain[e]!]!;
          sink.examples.push({
            source: c.source,
            sourceId: c.sourceId,
            higherStudentId: studentIds[studentOf(u)]!,
            lowerStudentId: studentIds[studentOf(v)]!,
            scope,
          });
        }
      }
    }
    placed[v] = 1;
    order[next++] = v;
    for (let e = outStart[v]!; e < outStart[v + 1]!; e++) {
      const w = outTo[e]!;
      if (placed[w]) continue;
      indeg[w]!--;
      push(indeg[w]! * n + rank[w]!);
    }
  }
  return order;
}

/** Student index → position in `ranking` restricted to students for which `keep` is true. */
function restrictedChain(
  ranking: readonly string[] | undefined,
  c: Compiled,
  localOf: Int32Array,
  keep: (s: number) => boolean,
): Int32Array | undefined {
  if (!ranking || ranking.length < 2) return undefined;
  const out: number[] = [];
  for (const id of ranking) {
    const s = c.studentIndex.get(id);
    if (s === undefined || localOf[s]! < 0 || !keep(s)) continue;
    out.push(localOf[s]!);
  }
  return out.length >= 2 ? Int32Array.from(out) : undefined;
}

export function buildPriorities(c: Compiled, mode: PriorityMode): Priorities {
  return mode === 'common' ? buildCommon(c) : buildPerAgent(c);
}

function appliesUnder(c: Compiled, s: number, agentOf: Int32Array, agent: number): boolean {
  for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++)
    if (agentOf[c.prefTopic[k]!] === agent) return true;
  return false;
}

function appliesTo(c: Compiled, s: number, t: number): boolean {
  for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++) if (c.prefTopic[k] === t) return true;
  return false;
}

function buildCommon(c: Compiled): Priorities {
  const S = c.studentIds.length;
  const free: number[] = [];
  for (let s = 0; s < S; s++) if (c.lockedTopic[s]! < 0) free.push(s);
  const n = free.length;
  const localOf = new Int32Array(S).fill(-1);
  const key = new Float64Array(n);
  const tie = new Uint32Array(n);
  free.forEach((s, i) => {
    localOf[s] = i;
    let best = 0;
    for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++) best = Math.max(best, c.prefAff[k]!);
    key[i] = best;
    tie[i] = c.studentTie[s]!;
  });
  const chains: Chain[] = [];
  for (let l = 0; l < c.supIds.length; l++) {
    const ranking = c.instance.supervisors[c.supSrc[l]!]!.ranking;
    const nodes = restrictedChain(ranking, c, localOf, (s) => appliesUnder(c, s, c.topicSup, l));
    if (nodes) chains.push({ source: 'supervisor', sourceId: c.supIds[l]!, nodes });
  }
  for (let t = 0; t < c.topicIds.length; t++) {
    const ranking = c.instance.topics[c.topicSrc[t]!]!.ranking;
    const nodes = restrictedChain(ranking, c, localOf, (s) => appliesTo(c, s, t));
    if (nodes) chains.push({ source: 'topic', sourceId: c.topicIds[t]!, nodes });
  }
  const sink: ConflictSink = { count: 0, examples: [] };
  const local = mergeOrder(n, key, tie, chains, 'common', (i) => free[i]!, c.studentIds, sink);
  const order = Int32Array.from(local, (i) => free[i]!);
  const pos = new Int32Array(S).fill(-1);
  order.forEach((s, p) => (pos[s] = p));
  const K = c.prefTopic.length;
  const rT = new Int32Array(K);
  for (let s = 0; s < S; s++) for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++) rT[k] = pos[s]!;
  return { mode: 'common', rT, rL: rT, rM: rT, order, conflicts: sink, laminar: true };
}

/** CSR of distinct non-locked applicants per agent (agentOf maps topic → agent), with best affinity. */
function applicantsPerAgent(c: Compiled, agentOf: Int32Array, agents: number) {
  const S = c.studentIds.length;
  const last = new Int32Array(agents).fill(-1);
  const start = new Int32Array(agents + 1);
  for (let s = 0; s < S; s++) {
    if (c.lockedTopic[s]! >= 0) continue;
    for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++) {
      const a = agentOf[c.prefTopic[k]!]!;
      if (last[a] !== s) {
        last[a] = s;
        start[a + 1]!++;
      }
    }
  }
  for (let a = 0; a < agents; a++) start[a + 1]! += start[a]!;
  const students = new Int32Array(start[agents]!);
  const best = new Float64Array(start[agents]!);
  const fill = start.slice(0, agents);
  last.fill(-1);
  for (let s = 0; s < S; s++) {
    if (c.lockedTopic[s]! >= 0) continue;
    for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++) {
      const a = agentOf[c.prefTopic[k]!]!;
      if (last[a] !== s) {
        last[a] = s;
        students[fill[a]!] = s;
        best[fill[a]!] = c.prefAff[k]!;
        fill[a]!++;
      } else {
        best[fill[a]! - 1] = Math.max(best[fill[a]! - 1]!, c.prefAff[k]!);
      }
    }
  }
  return { start, students, best };
}

type Applicants = ReturnType<typeof applicantsPerAgent>;

/**
 * Each agent's list (students, one block per agent, best first): its applicants merged by
 * mergeOrder under the chains `chainsFor(agent)` gives in local indices (`localOf` is set for the
 * agent's applicants while it runs, -1 otherwise).
 */
function agentLists(
  c: Compiled,
  app: Applicants,
  ids: readonly string[],
  localOf: Int32Array,
  sink: ConflictSink,
  chainsFor: (agent: number) => Chain[],
): Int32Array {
  const list = new Int32Array(app.students.length);
  for (let a = 0; a < ids.length; a++) {
    const a0 = app.start[a]!;
    const n = app.start[a + 1]! - a0;
    if (n === 0) continue;
    const tie = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      localOf[app.students[a0 + i]!] = i;
      tie[i] = c.studentTie[app.students[a0 + i]!]!;
    }
    const key = app.best.subarray(a0, a0 + n);
    const order = mergeOrder(
      n,
      key,
      tie,
      chainsFor(a),
      ids[a]!,
      (i) => app.students[a0 + i]!,
      c.studentIds,
      sink,
    );
    for (let i = 0; i < n; i++) list[a0 + i] = app.students[a0 + order[i]!]!;
    for (let i = 0; i < n; i++) localOf[app.students[a0 + i]!] = -1;
  }
  return list;
}

/**
 * Visits every choice k of the students on each agent's list, in list order, whose topic belongs
 * to that agent, with the student's position in the list.
 */
function forEachPosition(
  c: Compiled,
  app: Applicants,
  list: Int32Array,
  agentOf: Int32Array,
  visit: (k: number, position: number) => void,
): void {
  for (let a = 0; a + 1 < app.start.length; a++) {
    for (let p = app.start[a]!; p < app.start[a + 1]!; p++) {
      const s = list[p]!;
      for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++)
        if (agentOf[c.prefTopic[k]!] === a) visit(k, p - app.start[a]!);
    }
  }
}

function buildPerAgent(c: Compiled): Priorities {
  const S = c.studentIds.length;
  const T = c.topicIds.length;
  const L = c.supIds.length;
  const M = c.menIds.length;
  const K = c.prefTopic.length;
  const localOf = new Int32Array(S).fill(-1);
  const sink: ConflictSink = { count: 0, examples: [] };

  // Topics under each supervisor, to collect the topic owners' rankings as extra chains.
  const supTopics: number[][] = Array.from({ length: L }, () => []);
  for (let t = 0; t < T; t++) supTopics[c.topicSup[t]!]!.push(t);

  const sup = applicantsPerAgent(c, c.topicSup, L);
  const supList = agentLists(c, sup, c.supIds, localOf, sink, (l) => {
    const chains: Chain[] = [];
    const own = restrictedChain(c.instance.supervisors[c.supSrc[l]!]!.ranking, c, localOf, () => true);
    if (own) chains.push({ source: 'supervisor', sourceId: c.supIds[l]!, nodes: own });
    for (const t of supTopics[l]!) {
      const nodes = restrictedChain(c.instance.topics[c.topicSrc[t]!]!.ranking, c, localOf, (s) =>
        appliesTo(c, s, t),
      );
      if (nodes) chains.push({ source: 'topic', sourceId: c.topicIds[t]!, nodes });
    }
    return chains;
  });

  // Supervisor positions, and topic positions as the projection of the supervisor's list.
  const rL = new Int32Array(K);
  const rT = new Int32Array(K);
  const lenT = new Int32Array(T);
  forEachPosition(c, sup, supList, c.topicSup, (k, position) => {
    rL[k] = position;
    rT[k] = lenT[c.prefTopic[k]!]!++;
  });

  // Mentors: merge the (already final) lists of the supervisors they share topics with.
  const men = applicantsPerAgent(c, c.topicMen, M);
  const hasApplicant = new Uint8Array(T);
  for (let s = 0; s < S; s++) {
    if (c.lockedTopic[s]! >= 0) continue;
    for (let k = c.prefStart[s]!; k < c.prefStart[s + 1]!; k++) hasApplicant[c.prefTopic[k]!] = 1;
  }
  const menSups: Set<number>[] = Array.from({ length: M }, () => new Set());
  const supMens: Set<number>[] = Array.from({ length: L }, () => new Set());
  for (let t = 0; t < T; t++) {
    if (!hasApplicant[t]) continue;
    menSups[c.topicMen[t]!]!.add(c.topicSup[t]!);
    supMens[c.topicSup[t]!]!.add(c.topicMen[t]!);
  }
  const supervisorConflicts = sink.count;
  const menList = agentLists(c, men, c.menIds, localOf, sink, (m) => {
    const chains: Chain[] = [];
    for (const l of [...menSups[m]!].sort((a, b) => a - b)) {
      const nodes: number[] = [];
      for (let p = sup.start[l]!; p < sup.start[l + 1]!; p++) {
        const li = localOf[supList[p]!]!;
        if (li >= 0) nodes.push(li);
      }
      if (nodes.length >= 2)
        chains.push({ source: 'supervisor', sourceId: c.supIds[l]!, nodes: Int32Array.from(nodes) });
    }
    return chains;
  });
  const mentorConflicts = sink.count - supervisorConflicts;
  const rM = new Int32Array(K);
  forEachPosition(c, men, menList, c.topicMen, (k, position) => (rM[k] = position));

  let nested = true;
  for (let t = 0; t < T && nested; t++) {
    if (!hasApplicant[t]) continue;
    nested = menSups[c.topicMen[t]!]!.size === 1 || supMens[c.topicSup[t]!]!.size === 1;
  }
  const lenL = Int32Array.from({ length: L }, (_, l) => sup.start[l + 1]! - sup.start[l]!);
  const lenM = Int32Array.from({ length: M }, (_, m) => men.start[m + 1]! - men.start[m]!);
  return {
    mode: 'per-agent',
    rT,
    rL,
    rM,
    lenT,
    lenL,
    lenM,
    conflicts: sink,
    laminar: nested && mentorConflicts === 0,
  };
}
