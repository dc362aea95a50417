/**
 * The matcher's affinity: one absolute number in [0, 1] per (query, candidate), built only from
 * quantities that mean the same thing in every query, so scores ARE comparable across queries
 * ("is this mentor more expert on topic A or on topic B?"). Nothing is normalised by the best
 * hit of a query (BM25 max-normalisation, used only for retrieval, is relative and is not used).
 *
 *   semantic   S = σ(A·cos + B)                      cosine of the query and candidate vectors,
 *                                                    calibrated to P(related | cos)
 *   lexical    L = Σ idf(found key terms) / Σ idf(all key terms)
 *                                                    share of the query's key terms (skills and
 *                                                    top TF-IDF words) present in the candidate
 *   discipline D = 1 − setDistance(query disciplines, candidate disciplines)
 *                                                    catalogue tree: 1 same, 0.75 bridged,
 *                                                    0.5 same 门类, 0 unrelated
 *
 *   relevance  R = (wS·S + wL·L + wD·D) / (wS + wL + wD), a term left out when it is unknown
 *                  (no key terms, or either side has no discipline codes)
 *   load       F_load = 1 − LOAD_PENALTY · load / capacity            (mentors; ≥ 0.9)
 *   outcome    δ = OUTCOME.slope · (ĝ − G0) ∈ [−0.15, +0.05],
 *              ĝ = (n·avgGrade/100 + K·G0) / (n + K)                  (grade shrunk toward G0)
 *
 *   x = R · F_load
 *   affinity   = x + δ·(1 − x)   when δ ≥ 0   (a bonus that closes part of the gap to 1)
 *              = x · (1 + δ)     when δ < 0   (a penalty in proportion)
 *
 * Both branches stay inside [0, 1] without clamping, so strong matches never tie at 1.
 *
 * Mentors with no capacity left and inactive ones never reach scoring: retrieval filters them.
 */

/**
 * Cosine calibration, fitted offline with calibration.ts on the CSL papers in
 * /work/shared/data/csl/papers.jsonl (4,758 real papers) embedded with the shipped offline
 * model named in `model`: 1,500 related pairs (same discipline + a shared author keyword) and
 * 1,500 unrelated (half different discipline, half same discipline without a shared keyword),
 * queries as abstract / title / single keyword against a paper or a 4-paper profile, classes
 * weighted equally. Result: a = 9.33, b = −1.22 (midpoint cos 0.131), ROC AUC 0.846; fitted per
 * query/document shape the midpoint stays within 0.110–0.157. `npm run bench -- match` re-fits
 * and prints the figures beside these constants, and a unit test fails when the shipped model
 * changes, so a retrained model cannot silently keep a stale curve. The model was trained on the
 * same corpus, so the AUC is optimistic; the curve's shape is what is used. Another embedder
 * (OpenAI-compatible) has a different cosine scale: re-fit and pass `calibration` to createMatcher.
 */
export const COSINE_CALIBRATION = { a: 9.33, b: -1.22, model: 'offline-csl-lsa-384d-f5c39ec03361' } as const;

export const WEIGHTS = {
  semantic: 0.5,
  lexical: 0.3,
  discipline: 0.2,
} as const;

/** A mentor at full load scores 10 % lower than an idle one with the same relevance. */
export const LOAD_PENALTY = 0.1;

/** Outcome history: neutral grade, pseudo-count of the shrinkage, and slope of the bonus. */
export const OUTCOME = {
  /** Grades (0–1) are shrunk toward this "no information" value. */
  neutral: 0.75,
  /** Pseudo-grades at the neutral value: with 1 grade the evidence weighs 1/6. */
  priorCount: 5,
  /** δ = slope·(ĝ − neutral): at most +0.05 (all 100s, many grades), −0.15 at all 0s. */
  slope: 0.2,
} as const;

export interface Calibration {
  a: number;
  b: number;
  /** The embedder model the curve was fitted for (informational). */
  model?: string;
}

export function calibrateCosine(cosine: number, c: Calibration = COSINE_CALIBRATION): number {
  return 1 / (1 + Math.exp(-(c.a * cosine + c.b)));
}

export function loadFactor(capacity: number, load: number): number {
  if (!(capacity > 0)) return 1;
  return 1 - LOAD_PENALTY * Math.min(1, Math.max(0, load / capacity));
}

/** Grade shrunk toward neutral, in [0, 1]. */
export function shrunkGrade(avgGrade: number | null, gradedCount: number): number {
  const n = avgGrade === null || !(gradedCount > 0) ? 0 : gradedCount;
  const g = n > 0 ? Math.min(100, Math.max(0, avgGrade!)) / 100 : 0;
  return (n * g + OUTCOME.priorCount * OUTCOME.neutral) / (n + OUTCOME.priorCount);
}

/** The outcome adjustment δ (0 without grades). */
export function outcomeAdjustment(avgGrade: number | null, gradedCount: number): number {
  return OUTCOME.slope * (shrunkGrade(avgGrade, gradedCount) - OUTCOME.neutral);
}

/** Applies δ to x ∈ [0, 1]: a bonus closes part of the gap to 1, a penalty scales down. */
export function applyOutcome(x: number, delta: number): number {
  return delta >= 0 ? x + delta * (1 - x) : x * (1 + delta);
}

export interface AffinityInput {
  cosine: number;
  /** Lexical coverage in [0, 1], or null when the query has no key terms. */
  lexical: number | null;
  /** Catalogue set distance in [0, 1], or null when either side has no discipline codes. */
  disciplineDistance: number | null;
  /** Mentors only. */
  capacity?: number;
  load?: number;
  avgGrade?: number | null;
  gradedCount?: number;
}

export interface AffinityComponents {
  cosine: number;
  semantic: number;
  lexical: number | null;
  discipline: number | null;
  relevance: number;
  loadFactor: number;
  /** δ of the outcome history (0 without grades or for non-mentors). */
  outcome: number;
  affinity: number;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** The components of the affinity, rounded to 4 decimals for display. */
export function affinity(
  input: AffinityInput,
  calibration: Calibration = COSINE_CALIBRATION,
): AffinityComponents {
  return scoreAffinity(input, calibration).components;
}

/**
 * The rounded components and the exact (unrounded) affinity, which the matcher orders by:
 * rounding would tie strong matches that differ only by their history.
 */
export function scoreAffinity(
  input: AffinityInput,
  calibration: Calibration = COSINE_CALIBRATION,
): { components: AffinityComponents; exact: number } {
  const semantic = calibrateCosine(input.cosine, calibration);
  const discipline = input.disciplineDistance === null ? null : 1 - input.disciplineDistance;
  let sum = WEIGHTS.semantic * semantic;
  let weight = WEIGHTS.semantic;
  if (input.lexical !== null) {
    sum += WEIGHTS.lexical * input.lexical;
    weight += WEIGHTS.lexical;
  }
  if (discipline !== null) {
    sum += WEIGHTS.discipline * discipline;
    weight += WEIGHTS.discipline;
  }
  const relevance = sum / weight;
  const fLoad = input.capacity === undefined ? 1 : loadFactor(input.capacity, input.load ?? 0);
  const delta =
    input.gradedCount === undefined ? 0 : outcomeAdjustment(input.avgGrade ?? null, input.gradedCount);
  const value = applyOutcome(relevance * fLoad, delta);
  const components: AffinityComponents = {
    cosine: round(input.cosine),
    semantic: round(semantic),
    lexical: input.lexical === null ? null : round(input.lexical),
    discipline,
    relevance: round(relevance),
    loadFactor: round(fLoad),
    outcome: round(delta),
    affinity: round(value),
  };
  return { components, exact: value };
}
