/**
 * Matcher at pool scale: 50,000 generated mentors whose publications are real CSL papers
 * (/work/shared/data/csl/papers.jsonl; a built-in vocabulary if it is missing), indexed into the
 * embedded engine with offline-embedder vectors exactly as the outbox worker shapes them.
 * Reports index build time and memory, then `matcher.preview` latency (p50/p95/p99, one client
 * and 8 concurrent clients; target p95 ≤ 50 ms single-client) beside baselines in the same run:
 * keyword-only engine search and plain hybrid engine search (query embedding included) on the
 * same index and filters. Also: P@10 against the CSL relevance rule, and a re-fit of the cosine
 * calibration beside the shipped constants.
 *
 * `npm run bench -- match` (BENCH_MENTORS=10000 for a quicker run, BENCH_QUERIES, BENCH_EMBED=full
 * to embed every profile through OfflineEmbedder.embed instead of the exact feature-cache path).
 *
 * Embedding 50k profiles through the embedder costs minutes on two shared cores, and the
 * profiles are recombinations of 4,758 papers, so by default a profile's vector is computed from
 * cached per-paper feature counts through the model (lsa-model.ts embedFeatures): the offline embedder’s
 * features are additive over "\n"-separated parts (jieba and the Han bigrams both stop at line
 * breaks), so this is the same vector; the bench checks that on a sample and prints the worst
 * cosine, and measures the embedder's real throughput to extrapolate the worker's cost.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Filter, SearchDocument } from '../../search/engine.ts';
import { createEmbeddedEngine } from '../../search/embedded/index.ts';
import { extractFeatures } from '../../search/embedders/features.ts';
import { decodeLsaModel, embedFeatures } from '../../search/embedders/lsa-model.ts';
import { DEFAULT_OFFLINE_MODEL_PATH, loadOfflineEmbedder } from '../../search/embedders/offline.ts';
import { embeddingText, indexSettings, type MentorDoc } from '../../search/indexes.ts';
import { COSINE_CALIBRATION } from '../../search/matcher/affinity.ts';
import { calibrationScores, fitLogistic, rocAuc } from '../../search/matcher/calibration.ts';
import {
  createMatcher,
  RETRIEVED_FIELDS,
  type MatchFilters,
  type PreviewInput,
} from '../../search/matcher/index.ts';
import { keyTerms } from '../../search/matcher/terms.ts';
import { resolveAll } from '../../search/taxonomy/catalogue.ts';
import { loadPapers, REGIONS } from './corpus.ts';
import {
  draws,
  gc,
  latencyRows,
  machine,
  memoryAfterBuild,
  memoryMiB,
  printTable,
  rng,
  type LatencyRow,
} from './stats.ts';

const MENTORS = Number(process.env.BENCH_MENTORS ?? 50_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const FULL_EMBED = process.env.BENCH_EMBED === 'full';
const rand = rng(20250301);
const { pick, int } = draws(rand);
const secs = (ms: number) => (ms / 1000).toFixed(1);

export interface Paper {
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
}

// ───────────────────────────── corpus ─────────────────────────────

const FALLBACK: [string, string[]][] = [
  ['电气工程', ['锂电池', '荷电状态', '电池管理系统', '储能', '光伏', '逆变器', '电网', '风电']],
  ['计算机科学与技术', ['深度学习', '神经网络', '目标检测', '知识图谱', '推荐系统', '联邦学习', '边缘计算']],
  ['机械工程', ['故障诊断', '轴承', '齿轮', '振动信号', '数控机床', '有限元', '疲劳寿命']],
  ['作物学', ['水稻', '育种', '分子标记', '品种选育', '产量', '抗病性', '基因表达']],
  ['材料科学与工程', ['正极材料', '石墨烯', '复合材料', '涂层', '纳米材料', '电化学性能']],
  ['临床医学', ['临床试验', '肿瘤', '影像诊断', '手术', '并发症', '预后']],
];

function fallbackPapers(): Paper[] {
  return Array.from({ length: 600 }, () => {
    const [discipline, words] = pick(FALLBACK);
    const k = [pick(words), pick(words), pick(words)];
    return {
      title: `基于${k[0]}的${k[1]}研究`,
      abstract: `针对${k[1]}中的关键问题,提出了一种结合${k[0]}与${k[2]}的方法.实验结果表明,该方法有效提高了${k[1]}的精度.`,
      keywords: k,
      discipline,
    };
  });
}
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力鹏飞宇浩然子涵思远晨阳欣怡博文立衡禾策';

export interface Generated {
  docs: MentorDoc[];
  /** Paper indices of each mentor's publications (for relevance judgements). */
  papersOf: number[][];
}

export function generate(n: number, papers: Paper[]): Generated {
  const byDiscipline = new Map<string, number[]>();
  papers.forEach((p, i) => byDiscipline.set(p.discipline, [...(byDiscipline.get(p.discipline) ?? []), i]));
  const disciplines = [...byDiscipline.keys()];
  const docs: MentorDoc[] = [];
  const papersOf: number[][] = [];
  for (let i = 0; i < n; i++) {
    // Weighted by paper counts: pick a paper, take its discipline.
    const d = papers[Math.floor(rand() * papers.length)]!.discipline;
    const pool = byDiscipline.get(d)!;
    const mine = [...new Set(Array.from({ length: int(2, 5) }, () => pick(pool)))];
    // One in five mentors also publishes outside their discipline.
    if (rand() < 0.2) mine.push(pick(byDiscipline.get(pick(disciplines))!));
    const pubs = mine.map((p, k) => ({
      id: `p${i}-${k}`,
      title: papers[p]!.title,
      abstract: papers[p]!.abstract,
    }));
    const keywords = [...new Set(mine.flatMap((p) => papers[p]!.keywords))];
    const kind = rand() < 0.6 ? 'campus' : 'industry';
    const u = rand();
    const state = u < 0.85 ? 'active' : u < 0.9 ? 'applied' : u < 0.95 ? 'suspended' : 'exited';
    const capacity = int(1, 8);
    const load = int(0, capacity);
    const graded = rand() < 0.4 ? int(1, 15) : 0;
    docs.push({
      id: `m${i}`,
      kind,
      name: pick([...SURNAMES]) + pick([...GIVEN]) + (rand() < 0.5 ? pick([...GIVEN]) : ''),
      title:
        kind === 'campus'
          ? pick(['教授', '副教授', '研究员'])
          : pick(['高级工程师', '首席科学家', '技术总监']),
      homeOrgId: `org${int(0, 799)}`,
      homeOrgName: kind === 'campus' ? `示范大学${int(1, 300)}` : `示范科技有限公司${int(1, 500)}`,
      poolOrgId: `org${int(0, 299)}`,
      region: pick(REGIONS),
      disciplines: [...new Set(mine.flatMap((p) => resolveAll(papers[p]!.discipline).map((e) => e.code)))],
      state,
      capacity,
      load,
      capacityLeft: Math.max(0, capacity - load),
      interests: keywords.slice(0, int(3, 6)).join('；'),
      projects: rand() < 0.3 ? `主持${pick(keywords)}相关横向课题` : '',
      publicationText: pubs.map((p) => `${p.title}\n${p.abstract}`).join('\n'),
      publications: pubs,
      avgGrade: graded ? int(60, 98) : null,
      gradedCount: graded,
    });
    papersOf.push(mine);
  }
  return { docs, papersOf };
}

// ───────────────────────────── vectors ─────────────────────────────

export function addInto(into: Map<string, number>, from: Map<string, number>): void {
  for (const [f, n] of from) into.set(f, (into.get(f) ?? 0) + n);
}

const dot = (u: Float32Array, v: Float32Array) => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
};

// ───────────────────────────── queries ─────────────────────────────

export interface Query {
  input: PreviewInput;
  /** The CSL paper the query was drawn from (relevance: same discipline + a shared keyword). */
  paper: number;
  shape: string;
}

export function makeQueries(n: number, papers: Paper[]): Query[] {
  const out: Query[] = [];
  for (let i = 0; i < n; i++) {
    const paper = Math.floor(rand() * papers.length);
    const p = papers[paper]!;
    const r = rand();
    const shape = r < 0.4 ? 'challenge' : r < 0.7 ? 'title' : 'keywords';
    const sentences = p.abstract.split(/(?<=[。；;.])/u).filter((s) => s.length > 6);
    const text =
      shape === 'challenge'
        ? `${p.title}\n${sentences.slice(0, 2).join('')}`
        : shape === 'title'
          ? p.title
          : p.keywords.slice(0, 2).join(' ');
    const f = rand();
    const filters: MatchFilters =
      f < 0.2 ? { kind: pick(['campus', 'industry']) } : f < 0.3 ? { region: pick(REGIONS) } : {};
    out.push({
      input: {
        text,
        target: 'mentor',
        limit: 10,
        filters,
        skills: shape === 'challenge' ? p.keywords.slice(0, 3) : [],
        disciplines: shape === 'challenge' ? resolveAll(p.discipline).map((e) => e.code) : [],
      },
      paper,
      shape,
    });
  }
  return out;
}

/** The pool filters the matcher always applies, for the engine baselines. */
export function baselineFilter(filters: MatchFilters = {}): Filter {
  const parts: Filter[] = [
    { field: 'state', op: 'eq', value: 'active' },
    { field: 'capacityLeft', op: 'gt', value: 0 },
  ];
  if (filters.kind) parts.push({ field: 'kind', op: 'eq', value: filters.kind });
  if (filters.region) parts.push({ field: 'region', op: 'eq', value: filters.region });
  return { and: parts };
}

// ───────────────────────────── run ─────────────────────────────

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const { papers, source } = loadPapers(fallbackPapers);
  let t0 = performance.now();
  const { docs, papersOf } = generate(MENTORS, papers);
  const queries = makeQueries(QUERIES, papers);
  const avgPubs = docs.reduce((s, d) => s + d.publications.length, 0) / docs.length;
  const avgChars =
    docs.reduce((s, d) => s + embeddingText('mentors', d as unknown as Record<string, unknown>).length, 0) /
    docs.length;
  console.log(
    `corpus: ${MENTORS} mentors from ${source}, ${avgPubs.toFixed(1)} publications and ${avgChars.toFixed(0)} characters of profile text on average; ` +
      `${docs.filter((d) => d.state === 'active' && d.capacityLeft > 0).length} active with capacity left; generated in ${secs(performance.now() - t0)} s`,
  );

  // Vectors.
  const embedder = await loadOfflineEmbedder();
  const texts = docs.map((d) => embeddingText('mentors', d as unknown as Record<string, unknown>));
  const sample = Array.from({ length: 200 }, () => Math.floor(rand() * docs.length));
  const sampleVectors = await embedder.embed(sample.map((i) => texts[i]!));
  // Timed once the embedder's worker thread is up: its start is not a per-profile cost.
  t0 = performance.now();
  await embedder.embed(sample.map((i) => texts[i]!));
  const perProfileMs = (performance.now() - t0) / sample.length;
  let vectors: Float32Array[];
  let embedNote: string;
  t0 = performance.now();
  if (FULL_EMBED) {
    vectors = await embedder.embed(texts);
    embedNote = 'OfflineEmbedder.embed on every profile';
  } else {
    const model = decodeLsaModel(readFileSync(DEFAULT_OFFLINE_MODEL_PATH));
    const paperFeatures = papers.map((p) => extractFeatures(`${p.title}\n${p.abstract}`));
    vectors = docs.map((d, i) => {
      if (texts[i]!.length >= 8000) return embedder.embedOne(texts[i]!); // cut by embeddingText: not additive
      const counts = new Map<string, number>();
      addInto(counts, extractFeatures(d.interests));
      addInto(counts, extractFeatures(d.projects));
      for (const p of papersOf[i]!) addInto(counts, paperFeatures[p]!);
      return embedFeatures(model, counts);
    });
    let worst = 1;
    sample.forEach((i, k) => (worst = Math.min(worst, dot(vectors[i]!, sampleVectors[k]!))));
    embedNote = `exact feature-cache path; min cosine to OfflineEmbedder.embed on ${sample.length} sampled profiles: ${worst.toFixed(6)}`;
  }
  const embedMs = performance.now() - t0;

  gc();
  const before = memoryMiB();
  const engine = createEmbeddedEngine();
  await engine.ensureIndex('mentors', indexSettings(embedder.dimensions).mentors);
  t0 = performance.now();
  for (let i = 0; i < docs.length; i += 1000) {
    await engine.upsert(
      'mentors',
      docs
        .slice(i, i + 1000)
        .map((d, k) => ({ ...(d as unknown as SearchDocument), _vector: vectors[i + k]! })),
    );
  }
  const indexMs = performance.now() - t0;
  gc();
  const after = memoryMiB();
  console.log('\n## Build');
  console.log('| step | seconds | note |\n|---|---|---|');
  console.log(`| embed ${MENTORS} profiles | ${secs(embedMs)} | ${embedNote} |`);
  console.log(
    `| (worker path, extrapolated) | ${secs(perProfileMs * MENTORS)} | OfflineEmbedder.embed measured at ${perProfileMs.toFixed(2)} ms per profile on ${sample.length} profiles |`,
  );
  console.log(
    `| index ${MENTORS} mentors | ${secs(indexMs)} | upsert in batches of 1000, vectors included |`,
  );
  console.log(memoryAfterBuild(before, after, 'the bench also holds its own copy of the documents'));

  const matcher = createMatcher({ engine, embedder });
  const embedQuery = async (text: string) => (await embedder.embed([text]))[0]!;
  const cases: { name: string; run: (q: Query) => Promise<string[]>; note: string }[] = [
    {
      name: 'matcher.preview (mentors, limit 10)',
      run: async (q) => (await matcher.preview(q.input)).results.map((r) => r.id),
      note: 'embed + key terms + hybrid pool of 30 + affinity + evidence',
    },
    {
      name: 'matcher retrieval alone (engine hybrid on key terms, pool 30)',
      run: async (q) => {
        const terms = keyTerms(q.input.text, { skills: q.input.skills }).map((t) => t.term);
        const vector = await embedQuery([q.input.text, ...(q.input.skills ?? [])].join('\n'));
        const res = await engine.search('mentors', {
          q: terms.join(' '),
          vector,
          semanticRatio: 0.5,
          limit: 30,
          prefix: false,
          filter: baselineFilter(q.input.filters),
          attributesToRetrieve: RETRIEVED_FIELDS.mentor,
        });
        return res.hits.slice(0, 10).map((h) => h.id);
      },
      note: 'what preview costs before affinity and evidence',
    },
    {
      name: 'baseline: engine keyword only',
      run: async (q) =>
        (
          await engine.search('mentors', {
            q: q.input.text,
            limit: 10,
            filter: baselineFilter(q.input.filters),
          })
        ).hits.map((h) => h.id),
      note: 'same text and pool filters, BM25F',
    },
    {
      name: 'baseline: engine hybrid (embed + search)',
      run: async (q) =>
        (
          await engine.search('mentors', {
            q: q.input.text,
            vector: await embedQuery(q.input.text),
            semanticRatio: 0.5,
            limit: 10,
            filter: baselineFilter(q.input.filters),
          })
        ).hits.map((h) => h.id),
      note: 'ratio 0.5, no re-scoring or evidence',
    },
  ];

  // Relevance (CSL rule): the mentor published a paper of the query paper's discipline sharing an author keyword.
  const relevant = (q: Query, mentorId: string) => {
    const src = papers[q.paper]!;
    return papersOf[Number(mentorId.slice(1))]!.some(
      (p) =>
        papers[p]!.discipline === src.discipline && papers[p]!.keywords.some((k) => src.keywords.includes(k)),
    );
  };

  const rows: LatencyRow[] = [];
  const quality: string[] = [];
  for (const c of cases) {
    const precision: number[] = [];
    rows.push(
      ...(await latencyRows(c.name, queries, c.run, {
        single: async (q) => {
          const ids = await c.run(q);
          precision.push(ids.filter((id) => relevant(q, id)).length / 10);
        },
        note: () => c.note,
      })),
    );
    quality.push(`| ${c.name} | ${(precision.reduce((a, b) => a + b, 0) / precision.length).toFixed(3)} |`);
  }
  printTable(
    `Match preview latency, ${MENTORS} mentors, ${QUERIES} queries per case (target p95 ≤ 50 ms single-client)`,
    rows,
  );
  const shapes = new Map<string, number>();
  for (const q of queries) shapes.set(q.shape, (shapes.get(q.shape) ?? 0) + 1);
  console.log(
    `query shapes: ${[...shapes].map(([s, n]) => `${s} ${n}`).join(', ')}; 30 % carry a kind or region filter`,
  );
  console.log(
    '\n## P@10 (relevant: a publication of the query paper’s discipline sharing an author keyword)',
  );
  console.log('| case | P@10 |\n|---|---|');
  for (const line of quality) console.log(line);

  // Affinity scale across queries: what a top-1 result scores, per query shape.
  const top: Record<string, number[]> = {};
  for (const q of queries.slice(0, 100)) {
    const r = await matcher.preview(q.input);
    (top[q.shape] ??= []).push(r.results[0]?.score ?? 0);
  }
  console.log('\n## Top-1 affinity by query shape (absolute scale, not normalised per query)');
  console.log('| shape | n | p10 | median | p90 |\n|---|---|---|---|---|');
  for (const [shape, xs] of Object.entries(top)) {
    const s = [...xs].sort((a, b) => a - b);
    const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(3);
    console.log(`| ${shape} | ${s.length} | ${at(0.1)} | ${at(0.5)} | ${at(0.9)} |`);
  }

  // Calibration re-fit on the CSL papers (the procedure behind COSINE_CALIBRATION).
  t0 = performance.now();
  const scores = calibrationScores(papers, (t) => embedder.embedOne(t), { pairs: 1500 });
  const fit = fitLogistic(scores);
  console.log('\n## Cosine calibration (calibration.ts on the CSL papers)');
  console.log('| | a | b | midpoint cos | ROC AUC |\n|---|---|---|---|---|');
  console.log(
    `| shipped | ${COSINE_CALIBRATION.a} | ${COSINE_CALIBRATION.b} | ${(-COSINE_CALIBRATION.b / COSINE_CALIBRATION.a).toFixed(3)} | |`,
  );
  console.log(
    `| re-fit now (${scores.length} pairs, ${secs(performance.now() - t0)} s) | ${fit.a.toFixed(2)} | ${fit.b.toFixed(2)} | ${(-fit.b / fit.a).toFixed(3)} | ${rocAuc(scores).toFixed(3)} |`,
  );
  console.log(
    `key terms of the first query: ${keyTerms(queries[0]!.input.text, { skills: queries[0]!.input.skills })
      .map((t) => t.term)
      .join(' ')}`,
  );
  await engine.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
