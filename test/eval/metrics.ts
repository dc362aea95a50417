/**
 * Ranking metrics exactly as shared/data/csl/README.md defines them.
 * nDCG@k uses gain 2^rel − 1 and log2(rank + 1) discounts, ideal ranking over all judged docs.
 * MRR@k and Recall@k count a document as relevant when rel ≥ `minRel` (T1: 2, T2: 1).
 */

export type Qrels = Map<string, number>; // doc id → graded relevance (> 0)

export function ndcgAt(ranked: readonly string[], qrels: Qrels, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const rel = qrels.get(id) ?? 0;
    if (rel > 0) dcg += (2 ** rel - 1) / Math.log2(i + 2);
  });
  const ideal = [...qrels.values()].sort((a, b) => b - a).slice(0, k);
  let idcg = 0;
  ideal.forEach((rel, i) => (idcg += (2 ** rel - 1) / Math.log2(i + 2)));
  return idcg > 0 ? dcg / idcg : 0;
}

export function mrrAt(ranked: readonly string[], qrels: Qrels, k: number, minRel = 1): number {
  const top = ranked.slice(0, k);
  for (let i = 0; i < top.length; i++) if ((qrels.get(top[i]!) ?? 0) >= minRel) return 1 / (i + 1);
  return 0;
}

export function recallAt(ranked: readonly string[], qrels: Qrels, k: number, minRel = 1): number {
  let total = 0;
  for (const rel of qrels.values()) if (rel >= minRel) total++;
  if (total === 0) return 0;
  let found = 0;
  for (const id of ranked.slice(0, k)) if ((qrels.get(id) ?? 0) >= minRel) found++;
  return found / total;
}

export interface RetrievalScores {
  ndcg10: number;
  mrr10: number;
  r10: number;
  r50: number;
  /** Standard error of the mean nDCG@10 over queries: how far apart two figures must be to mean anything. */
  ndcg10Se?: number;
}

/** Averages over queries; queries without any countable relevant doc still count (as the README's figures do). */
export function scoreRetrieval(
  runs: { ranked: readonly string[]; qrels: Qrels }[],
  minRel: number,
): RetrievalScores {
  const n = runs.length || 1;
  const sum = { ndcg10: 0, mrr10: 0, r10: 0, r50: 0 };
  let sq = 0;
  for (const { ranked, qrels } of runs) {
    const nd = ndcgAt(ranked, qrels, 10);
    sum.ndcg10 += nd;
    sq += nd * nd;
    sum.mrr10 += mrrAt(ranked, qrels, 10, minRel);
    sum.r10 += recallAt(ranked, qrels, 10, minRel);
    sum.r50 += recallAt(ranked, qrels, 50, minRel);
  }
  const mean = sum.ndcg10 / n;
  const variance = runs.length > 1 ? (sq - n * mean * mean) / (n - 1) : 0;
  return {
    ndcg10: mean,
    mrr10: sum.mrr10 / n,
    r10: sum.r10 / n,
    r50: sum.r50 / n,
    ndcg10Se: Math.sqrt(Math.max(variance, 0) / n),
  };
}

export interface ClassificationScores {
  acc1: number;
  acc3: number;
  mrr: number;
}

/** T3: `ranked` is the full label ranking for a query; a missing gold label contributes 0 to MRR. */
export function scoreClassification(
  runs: { ranked: readonly string[]; gold: string }[],
): ClassificationScores {
  const n = runs.length || 1;
  let acc1 = 0;
  let acc3 = 0;
  let mrr = 0;
  for (const { ranked, gold } of runs) {
    const r = ranked.indexOf(gold);
    if (r === 0) acc1++;
    if (r >= 0 && r < 3) acc3++;
    if (r >= 0) mrr += 1 / (r + 1);
  }
  return { acc1: acc1 / n, acc3: acc3 / n, mrr: mrr / n };
}
