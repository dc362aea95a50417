/**
 * `npm run eval`: retrieval quality on the CSL tasks (shared/data/csl/README.md) through the
 * real embedded engine and the offline embedder.
 *
 *   node --import tsx test/eval/csl.ts [--model FILE] [--data DIR]
 *
 * T1/T2: the corpus is indexed by title + abstract only (labels come from keywords), each query
 * runs keyword-only, vector-only and hybrid over a semanticRatio sweep; the default is the
 * product's search ratio (DEFAULT_SEMANTIC_RATIO). T3: kNN voting (search/taxonomy/suggest.ts)
 * over the corpus (title + keywords + abstract, allowed for T3) and FewCLUE CSLDCP abstracts,
 * with exemplars that duplicate a query text removed. The last three lines are the default
 * configuration's figures.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SEMANTIC_RATIO } from '../../search/indexes.ts';
import { createEmbeddedEngine } from '../../search/embedded/index.ts';
import { loadOfflineEmbedder } from '../../search/embedders/offline.ts';
import type { SearchEngine, SearchQuery } from '../../search/engine.ts';
import {
  buildDisciplineSuggester,
  DEFAULT_SUGGEST_SEMANTIC_RATIO,
  exemplarKey,
  type Exemplar,
} from '../../search/taxonomy/suggest.ts';
import { loadCsl, type Query } from './csl-data.ts';
import {
  scoreClassification,
  scoreRetrieval,
  type ClassificationScores,
  type Qrels,
  type RetrievalScores,
} from './metrics.ts';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    data: { type: 'string' },
    'skip-t3': { type: 'boolean', default: false },
  },
});

const REFERENCE = {
  t1: { ndcg10: 0.367, mrr10: 0.341, r10: 0.37, r50: 0.567 },
  t2: { ndcg10: 0.587, mrr10: 0.65, r10: 0.679, r50: 0.874 },
  t3: { acc1: 0.56, acc3: 0.784, mrr: 0.689 },
};
const RATIOS = [0.2, 0.35, 0.5, 0.65, 0.8];
const INDEX = 'csl_corpus';

const f3 = (x: number) => x.toFixed(3);
const secs = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
// CPU seconds of this process: the honest cost on a shared 2-core machine where wall time varies.
const cpu = () => {
  const u = process.cpuUsage();
  return `${((u.user + u.system) / 1e6).toFixed(1)} s CPU`;
};

const started = performance.now();
const data = loadCsl(args.data);
const embedder = await loadOfflineEmbedder(args.model ? { modelPath: args.model } : {});
const engine: SearchEngine = createEmbeddedEngine();

// ── Index the corpus: title + abstract only ───────────────────────────────────────────────
let t = performance.now();
const corpusVectors = await embedder.embed(data.corpus.map((d) => `${d.title}\n${d.abstract}`));
await engine.ensureIndex(INDEX, {
  primaryKey: 'id',
  searchableAttributes: ['title', 'abstract'],
  filterableAttributes: [],
  sortableAttributes: [],
  chineseAttributes: ['title', 'abstract'],
  vectorDimensions: embedder.dimensions,
});
await engine.upsert(
  INDEX,
  data.corpus.map((d, i) => ({
    id: d.doc_id,
    title: d.title,
    abstract: d.abstract,
    _vector: corpusVectors[i]!,
  })),
);
console.log(`indexed ${data.corpus.length} docs (embed + index) in ${secs(t)}; model ${embedder.model}`);
{
  // Embedding throughput on short texts (title + 80 characters ≈ 100 characters), in CPU time.
  const short = data.corpus.map((d) => `${d.title} ${d.abstract.slice(0, 80)}`);
  const before = process.cpuUsage();
  await embedder.embed(short);
  const used = process.cpuUsage(before);
  const perText = (used.user + used.system) / short.length;
  console.log(
    `embedding: ${perText.toFixed(0)} µs CPU per ~100-character text → ${((perText * 100_000) / 1e6).toFixed(1)} s for 100k`,
  );
}

type Config = { name: string; ratio: number | 'keyword' | 'vector' };

async function runRetrieval(
  queries: Query[],
  qrels: Map<string, Qrels>,
  minRel: number,
  config: Config,
  queryVectors: Float32Array[],
): Promise<RetrievalScores> {
  const runs: { ranked: string[]; qrels: Qrels }[] = [];
  for (let i = 0; i < queries.length; i++) {
    const q = queries[i]!;
    const base: SearchQuery = { limit: 50, prefix: false, attributesToRetrieve: [] };
    const query: SearchQuery =
      config.ratio === 'keyword'
        ? { ...base, q: q.text }
        : config.ratio === 'vector'
          ? { ...base, vector: queryVectors[i]! }
          : { ...base, q: q.text, vector: queryVectors[i]!, semanticRatio: config.ratio };
    const res = await engine.search(INDEX, query);
    runs.push({
      ranked: res.hits.map((h) => h.id),
      qrels: qrels.get(q.query_id) ?? new Map<string, number>(),
    });
  }
  return scoreRetrieval(runs, minRel);
}

const configs: Config[] = [
  { name: 'keyword only (engine BM25)', ratio: 'keyword' },
  { name: 'vector only (offline LSA)', ratio: 'vector' },
  ...RATIOS.map((r) => ({ name: `hybrid r=${r}`, ratio: r })),
];
const results = { t1: new Map<Config, RetrievalScores>(), t2: new Map<Config, RetrievalScores>() };
for (const task of ['t1', 't2'] as const) {
  t = performance.now();
  const { queries, qrels } = data[task];
  const qv = await embedder.embed(queries.map((q) => q.text));
  for (const c of configs)
    results[task].set(c, await runRetrieval(queries, qrels, task === 't1' ? 2 : 1, c, qv));
  console.log(`${task}: ${queries.length} queries × ${configs.length} configurations in ${secs(t)}`);
}

const hybrids = configs.filter((c) => typeof c.ratio === 'number');
// The default is what the product ships (search/indexes.ts), not re-chosen per run.
const best = hybrids.find((c) => c.ratio === DEFAULT_SEMANTIC_RATIO);
if (!best)
  throw new Error(
    `the sweep ${RATIOS.join(', ')} must include the product default ${DEFAULT_SEMANTIC_RATIO}`,
  );
const bestFor = (task: 't1' | 't2') =>
  hybrids.reduce((a, b) => (results[task].get(b)!.ndcg10 > results[task].get(a)!.ndcg10 ? b : a));
const defaultRatio = DEFAULT_SEMANTIC_RATIO;

// ── T3: discipline routing by kNN voting ─────────────────────────────────────────────────
t = performance.now();
const queryKeys = new Set(data.t3.queries.map((q) => exemplarKey(q.text)));
const allExemplars: (Exemplar & { key: string })[] = [
  ...data.corpus.map((d) => ({
    text: `${d.title}\n${d.keywords.join('；')}\n${d.abstract}`,
    discipline: d.discipline,
    key: exemplarKey(d.abstract),
  })),
  ...data.fewclue.map((f) => ({ text: f.abstract, discipline: f.discipline, key: exemplarKey(f.abstract) })),
];
const exemplars = allExemplars.filter((e) => !queryKeys.has(e.key));
const leaked = allExemplars.length - exemplars.length;

async function runT3(
  suggester: Awaited<ReturnType<typeof buildDisciplineSuggester>>,
): Promise<ClassificationScores> {
  const runs: { ranked: string[]; gold: string }[] = [];
  for (const q of data.t3.queries) {
    const s = await suggester.suggest(q.text);
    runs.push({ ranked: s.map((x) => x.discipline), gold: q.discipline });
  }
  return scoreClassification(runs);
}

const t3Results = new Map<string, ClassificationScores>();
const T3_DEFAULT = `hybrid r=${DEFAULT_SUGGEST_SEMANTIC_RATIO}`;
if (!args['skip-t3']) {
  const vectorSuggester = await buildDisciplineSuggester(exemplars, { embedder });
  t3Results.set('vector only (offline LSA)', await runT3(vectorSuggester));
  for (const ratio of [0, DEFAULT_SUGGEST_SEMANTIC_RATIO]) {
    const s = await buildDisciplineSuggester(exemplars, {
      embedder,
      engine: { engine, index: `csl_exemplars_${ratio}`, semanticRatio: ratio },
    });
    t3Results.set(ratio === 0 ? 'keyword only (engine BM25)' : `hybrid r=${ratio}`, await runT3(s));
  }
  console.log(
    `t3: ${data.t3.queries.length} queries, ${exemplars.length} exemplars × 3 configurations in ${secs(t)}`,
  );
}
await engine.close();

// ── Report ───────────────────────────────────────────────────────────────────────────────
const row = (cells: string[]) =>
  console.log(cells.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(8))).join(' '));
console.log('\nT1 (abstract → related papers; MRR/R count rel=2) and T2 (keyword → tagged papers)');
row(['configuration', 'T1 nDCG', 'MRR@10', 'R@10', 'R@50', 'T2 nDCG', 'MRR@10', 'R@10', 'R@50']);
const cells = (s: RetrievalScores) => [f3(s.ndcg10), f3(s.mrr10), f3(s.r10), f3(s.r50)];
row(['BM25 reference (README)', ...cells(REFERENCE.t1), ...cells(REFERENCE.t2)]);
for (const c of configs) {
  row([
    c === best ? `${c.name} *default*` : c.name,
    ...cells(results.t1.get(c)!),
    ...cells(results.t2.get(c)!),
  ]);
}
console.log('\nT3 (abstract → discipline, 67 classes; kNN voting, k=40, votes ∝ similarity³)');
row(['configuration', 'Acc@1', 'Acc@3', 'MRR']);
const t3cells = (s: ClassificationScores) => [f3(s.acc1), f3(s.acc3), f3(s.mrr)];
row(['BM25 reference (README)', ...t3cells(REFERENCE.t3)]);
for (const [name, s] of t3Results) row([name === T3_DEFAULT ? `${name} *default*` : name, ...t3cells(s)]);

const training = embedder.training;
const d1 = results.t1.get(best)!;
const d2 = results.t2.get(best)!;
const d3 = t3Results.get(T3_DEFAULT) ?? { acc1: NaN, acc3: NaN, mrr: NaN };
const verdict = (name: string, ours: number, ref: number) =>
  `${name} ${ours > ref ? 'beats' : 'BELOW'} (${ours >= ref ? '+' : ''}${(ours - ref).toFixed(3)}`;
const se = (x: RetrievalScores) => `, ±${(x.ndcg10Se ?? 0).toFixed(3)} s.e. of ours)`;
const verdicts = [
  verdict('T1 nDCG@10', d1.ndcg10, REFERENCE.t1.ndcg10) + se(d1),
  verdict('T2 nDCG@10', d2.ndcg10, REFERENCE.t2.ndcg10) + se(d2),
  verdict('T3 Acc@1', d3.acc1, REFERENCE.t3.acc1) + ')',
];
const kwT2 = results.t2.get(configs[0]!)!.ndcg10;
const bestT2 = Math.max(...hybrids.map((c) => results.t2.get(c)!.ndcg10));
const belowT2 =
  d2.ndcg10 > REFERENCE.t2.ndcg10
    ? ''
    : `\n  T2 is bounded by the keyword side: engine keyword-only ${f3(kwT2)} vs character-bigram BM25 ` +
      `${f3(REFERENCE.t2.ndcg10)}, and the best hybrid of the sweep reaches ${f3(bestT2)}. Two-word keywords that jieba\n` +
      `  splits (研究中心 → 研究 + 中心) match as an OR of common words with no adjacency bonus, where bigram BM25\n` +
      `  scores the cross-boundary bigram (究中); vectors cannot restore word order.`;
console.log(`
Notes:
- Default: hybrid semanticRatio=${defaultRatio} for T1/T2, the product's search default (search/indexes.ts). It was picked
  from this sweep (${RATIOS.join(', ')}) as the ratio whose smaller nDCG@10 gain over the reference is largest — so it
  was tuned on these queries. Per use case the
  best ratio is ${String(bestFor('t1').ratio)} for long texts (T1) and ${String(bestFor('t2').ratio)} for short queries (T2): callers that know their
  query kind (the matcher) should pass their own. T3 default: suggest.ts's kNN voting over the engine's hybrid search at its
  own default ratio ${DEFAULT_SUGGEST_SEMANTIC_RATIO} (routing is a long-text task); without an engine it votes on vectors alone.
- Against the BM25 reference: ${verdicts.join('; ')}.${belowT2}
- T3 leakage: ${leaked} exemplar(s) whose text duplicates a T3 query (after whitespace/width normalisation)
  were removed before voting; corpus exemplars never contain the query papers.
- The offline LSA model was trained (unsupervised, no labels, no keywords field) on title+abstract of
  papers.jsonl + FewCLUE abstracts: ${String(training.documents)} texts${training.heldOutEvalQueries ? ', with the eval query papers held out' : ''}.
  ${training.heldOutEvalQueries ? 'It has not seen the query texts.' : 'That text includes the eval corpus and the T1/T3 query abstracts, so the term co-occurrence\n  statistics have seen them (never their labels). Retrain with --exclude-eval-queries to measure without.'}
- Total ${secs(started)} wall, ${cpu()}.
`);

console.log(`T1 nDCG@10=${f3(d1.ndcg10)} MRR@10=${f3(d1.mrr10)} R@10=${f3(d1.r10)} R@50=${f3(d1.r50)}`);
console.log(`T2 nDCG@10=${f3(d2.ndcg10)} MRR@10=${f3(d2.mrr10)} R@10=${f3(d2.r10)} R@50=${f3(d2.r50)}`);
console.log(`T3 Acc@1=${f3(d3.acc1)} Acc@3=${f3(d3.acc3)} MRR=${f3(d3.mrr)}`);
