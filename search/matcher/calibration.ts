/**
 * How the matcher's cosine calibration was fitted, as code, so the shipped constants in
 * affinity.ts can be re-derived and checked (`npm run bench -- match` prints a re-fit beside
 * the shipped values).
 *
 * Data: real Chinese papers (CSL: title, abstract, author keywords, discipline). A pair is
 * RELATED when both papers share a discipline and at least one author keyword; UNRELATED
 * pairs are half different-discipline and half same-discipline without a shared keyword
 * ("hard" negatives: the discipline term of the affinity already separates disciplines, so the
 * semantic term is asked to separate topics within one). Queries come in the three shapes the
 * matcher sees: an abstract (a challenge text), a title (a short draft) and one keyword (a
 * phrase typed into the preview); the other side is the paper's title + abstract, or a
 * mentor-like profile of that paper plus three others of its discipline. The two classes are
 * weighted equally, and P(related | cos) = σ(a·cos + b) is fitted by Newton's method on the
 * weighted log-likelihood (with a tiny L2 term so separable data still converges).
 */

export interface CalibrationPaper {
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
}

export interface LabelledScore {
  x: number;
  y: 0 | 1;
  /** Which query / document shape produced the pair (for per-shape reports). */
  shape: string;
}

export interface LogisticFit {
  a: number;
  b: number;
  iterations: number;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Weighted 1-D logistic regression by Newton–Raphson. Classes are re-weighted to equal total
 * weight (a balanced prior), so the fitted midpoint −b/a is where related and unrelated pairs
 * are equally likely. `l2` regularises the slope only.
 */
export function fitLogistic(points: readonly { x: number; y: 0 | 1 }[], l2 = 1e-4): LogisticFit {
  const pos = points.filter((p) => p.y === 1).length;
  const neg = points.length - pos;
  if (pos === 0 || neg === 0) throw new RangeError('fitLogistic needs both classes');
  const wPos = points.length / (2 * pos);
  const wNeg = points.length / (2 * neg);
  let a = 0;
  let b = 0;
  let iterations = 0;
  for (; iterations < 100; iterations++) {
    // Gradient and Hessian of the negative weighted log-likelihood (+ l2·a²/2).
    let ga = l2 * a;
    let gb = 0;
    let haa = l2;
    let hab = 0;
    let hbb = 0;
    for (const p of points) {
      const w = p.y === 1 ? wPos : wNeg;
      const q = sigmoid(a * p.x + b);
      const r = w * (q - p.y);
      const s = w * q * (1 - q);
      ga += r * p.x;
      gb += r;
      haa += s * p.x * p.x;
      hab += s * p.x;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-9) {
      iterations++;
      break;
    }
  }
  return { a, b, iterations };
}

/** Area under the ROC curve (probability a random related pair outscores an unrelated one; ties count ½). */
export function rocAuc(points: readonly { x: number; y: 0 | 1 }[]): number {
  const sorted = [...points].sort((p, q) => p.x - q.x);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.x === sorted[i]!.x) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.y === 1) {
        rankSum += midRank;
        pos++;
      }
    }
    i = j;
  }
  const neg = sorted.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Deterministic PRNG (mulberry32), so the pair sample is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PairOptions {
  /** Related pairs to draw (unrelated: the same number). Default 1200. */
  pairs?: number;
  seed?: number;
}

/**
 * Labelled cosine scores from papers, embedded with `embed` (unit vectors). See the module
 * comment for the pair definitions. Only pairs of distinct papers are used.
 */
export function calibrationScores(
  papers: readonly CalibrationPaper[],
  embed: (text: string) => Float32Array,
  options: PairOptions = {},
): LabelledScore[] {
  const want = options.pairs ?? 1200;
  const rand = prng(options.seed ?? 20240611);
  const pick = (n: number) => Math.floor(rand() * n);
  const byKeyword = new Map<string, number[]>();
  const byDiscipline = new Map<string, number[]>();
  papers.forEach((p, i) => {
    for (const k of new Set(p.keywords)) byKeyword.set(k, [...(byKeyword.get(k) ?? []), i]);
    byDiscipline.set(p.discipline, [...(byDiscipline.get(p.discipline) ?? []), i]);
  });
  const shares = (i: number, j: number) => papers[i]!.keywords.some((k) => papers[j]!.keywords.includes(k));
  const related: [number, number, string][] = [];
  for (const [keyword, ids] of byKeyword) {
    for (const i of ids) {
      for (const j of ids) {
        if (i !== j && papers[i]!.discipline === papers[j]!.discipline) related.push([i, j, keyword]);
      }
    }
  }
  if (related.length === 0) throw new RangeError('no related pairs (same discipline + shared keyword)');
  const cache = new Map<string, Float32Array>();
  const vec = (text: string) => {
    let v = cache.get(text);
    if (!v) cache.set(text, (v = embed(text)));
    return v;
  };
  const doc = (i: number) => `${papers[i]!.title}\n${papers[i]!.abstract}`;
  const profile = (j: number) => {
    const same = byDiscipline.get(papers[j]!.discipline)!;
    const ids = [j];
    for (let k = 0; k < 3 && same.length > 1; k++) ids.push(same[pick(same.length)]!);
    return ids.map(doc).join('\n').slice(0, 8000);
  };
  const query = (i: number, keyword: string, shape: number) =>
    shape === 0 ? papers[i]!.abstract : shape === 1 ? papers[i]!.title : keyword;
  const shapes = ['abstract', 'title', 'keyword'];
  const dot = (u: Float32Array, v: Float32Array) => {
    let s = 0;
    for (let k = 0; k < u.length; k++) s += u[k]! * v[k]!;
    return s;
  };
  const out: LabelledScore[] = [];
  const score = (i: number, j: number, keyword: string, y: 0 | 1, n: number) => {
    const shape = n % 3;
    const asProfile = Math.floor(n / 3) % 2 === 1;
    const x = dot(vec(query(i, keyword, shape)), vec(asProfile ? profile(j) : doc(j)));
    out.push({ x, y, shape: `${shapes[shape]!}→${asProfile ? 'profile' : 'paper'}` });
  };
  for (let n = 0; n < want; n++) {
    const [i, j, keyword] = related[pick(related.length)]!;
    score(i, j, keyword, 1, n);
  }
  for (let n = 0, tries = 0; n < want && tries < want * 1000; tries++) {
    const i = pick(papers.length);
    // Hard and easy negatives alternate across every (shape, profile) combination.
    const hard = Math.floor(n / 6) % 2 === 1;
    const pool = hard ? byDiscipline.get(papers[i]!.discipline)! : undefined;
    const j = pool ? pool[pick(pool.length)]! : pick(papers.length);
    if (i === j || shares(i, j)) continue;
    if (!hard && papers[i]!.discipline === papers[j]!.discipline) continue;
    const keyword = papers[i]!.keywords[pick(Math.max(1, papers[i]!.keywords.length))] ?? papers[i]!.title;
    score(i, j, keyword, 0, n);
    n++;
  }
  return out;
}
