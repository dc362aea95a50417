/**
 * Embedded search engine at 100k mixed zh/en documents: build time (offline embedding
 * included), memory, and p50/p95/p99 for keyword, filtered + faceted, vector and hybrid
 * queries, one client and 8 concurrent clients, with baselines in the same run: MiniSearch 7.2
 * (same jieba tokenizer) for keyword search and a plain Float32 linear scan for vectors.
 *
 * `npm run bench -- engine` (BENCH_DOCS=20000 for a quicker run). Documents are generated
 * deterministically: Chinese ones recombine real titles, keywords and abstract sentences from
 * /work/shared/data/csl/papers.jsonl (a built-in vocabulary if it is missing), English ones
 * draw from a technical vocabulary with a Zipf distribution.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { SearchDocument, SearchQuery } from '../../search/engine.ts';
import { createEmbeddedEngine } from '../../search/embedded/index.ts';
import { loadOfflineEmbedder } from '../../search/embedders/offline.ts';
import { tokenize } from '../../search/text/tokenize.ts';
import { loadPapers, REGIONS, type CslPaper } from './corpus.ts';
import {
  draws,
  gc,
  latencyRows,
  machine,
  memoryAfterBuild,
  memoryMiB,
  printTable,
  rng,
  summarise,
  timeEach,
  type LatencyRow,
} from './stats.ts';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const DIMS = 256;
const INDEX = 'bench';
/** Documents per pipeline step: embedded in the worker thread while the previous step is indexed. */
const PIPELINE_BATCH = 2000;
const rand = rng(20240601);
const { pick, int } = draws(rand);

// ───────────────────────────── corpus ─────────────────────────────

type Paper = CslPaper;

const FALLBACK_ZH = [
  '深度学习',
  '神经网络',
  '图像识别',
  '故障诊断',
  '锂电池',
  '储能系统',
  '智能制造',
  '工业互联网',
  '边缘计算',
  '数字孪生',
  '知识图谱',
  '自然语言处理',
  '推荐系统',
  '机器人',
  '路径规划',
  '无人机',
  '遥感影像',
  '目标检测',
  '语义分割',
  '强化学习',
  '联邦学习',
  '隐私保护',
  '区块链',
  '云计算',
  '大数据',
  '数据挖掘',
  '优化算法',
  '遗传算法',
  '粒子群',
  '有限元',
  '结构健康监测',
  '混凝土',
  '桥梁',
  '隧道',
  '地下水',
  '土壤',
  '水稻',
  '玉米',
  '基因表达',
  '蛋白质',
  '细胞凋亡',
  '肿瘤',
  '临床试验',
  '中医药',
  '药物递送',
  '纳米材料',
  '石墨烯',
  '催化剂',
  '燃料电池',
  '光伏',
  '风电',
  '电网',
  '电力系统',
  '新能源汽车',
  '控制策略',
  '传感器',
  '信号处理',
  '通信网络',
];
const FALLBACK_DISCIPLINES = [
  '计算机科学与技术',
  '控制科学与工程',
  '电气工程',
  '机械工程',
  '材料科学与工程',
  '土木工程',
  '临床医学',
  '化学',
  '生物学',
  '农学',
];

function fallbackPapers(): Paper[] {
  return Array.from({ length: 400 }, () => {
    const kws = [pick(FALLBACK_ZH), pick(FALLBACK_ZH), pick(FALLBACK_ZH)];
    return {
      title: `基于${kws[0]}的${kws[1]}研究`,
      abstract: `针对${kws[1]}中的关键问题,提出了一种结合${kws[0]}与${kws[2]}的方法。实验结果表明,该方法有效提高了精度。`,
      keywords: kws,
      discipline: pick(FALLBACK_DISCIPLINES),
      category: '工学',
    };
  });
}

const EN_TERMS = (
  'learning deep neural network graph attention transformer embedding retrieval ranking recommendation ' +
  'reinforcement policy robot grasping manipulation navigation localization mapping slam lidar camera vision ' +
  'detection segmentation tracking classification regression clustering anomaly forecasting time series ' +
  'battery lithium electrolyte cathode anode thermal runaway storage grid photovoltaic wind turbine inverter ' +
  'converter motor control controller fault diagnosis vibration bearing gearbox sensor fusion kalman filter ' +
  'optimization scheduling routing logistics supply chain inventory manufacturing assembly welding machining ' +
  'additive printing composite polymer alloy corrosion fatigue fracture finite element simulation digital twin ' +
  'edge cloud computing federated privacy security encryption blockchain network protocol wireless antenna ' +
  'channel modulation beamforming signal processing spectrum radar sonar satellite remote sensing imagery ' +
  'crop yield soil irrigation drought protein gene expression sequencing cell tumor drug discovery molecular ' +
  'docking clinical trial diagnosis medical imaging mri ultrasound ecg wearable rehabilitation exoskeleton ' +
  'language model question answering summarization translation knowledge base ontology semantic parsing ' +
  'speech recognition dialogue chatbot multimodal contrastive pretraining finetuning distillation pruning ' +
  'quantization accelerator fpga gpu compiler scheduling kernel cache memory storage database index query ' +
  'transaction consistency replication streaming pipeline workflow microservice container orchestration'
).split(/\s+/);
const EN_GLUE = [
  'for',
  'with',
  'and',
  'in',
  'of',
  'using',
  'based',
  'via',
  'towards',
  'efficient',
  'robust',
  'scalable',
  'novel',
  'adaptive',
];
const STATUSES = ['open', 'open', 'open', 'closed', 'closed', 'draft'];

/** Zipf-ish draw: index ~ n^u, so early vocabulary is frequent and the tail is rare. */
function zipf<T>(xs: readonly T[]): T {
  return xs[Math.min(xs.length - 1, Math.floor(Math.pow(xs.length + 1, rand()) - 1))]!;
}

function generate(n: number, papers: Paper[]): SearchDocument[] {
  const sentences = papers.map((p) =>
    p.abstract.split(/(?<=[。;；!?])|(?<=[^\d]\.)(?=[^\d])/u).filter((s) => s.length > 6),
  );
  const keywords = [...new Set(papers.flatMap((p) => p.keywords))];
  const docs: SearchDocument[] = [];
  for (let i = 0; i < n; i++) {
    const p = pick(papers);
    const base = {
      id: `d${i}`,
      discipline: p.discipline,
      category: p.category,
      region: pick(REGIONS),
      year: int(2010, 2024),
      budget: int(5, 500),
      status: pick(STATUSES),
      seats: int(1, 10),
    };
    if (rand() < 0.7) {
      const kws = [pick(p.keywords), pick(keywords), ...p.keywords.slice(0, int(1, 3))];
      const r = rand();
      const title =
        r < 0.4
          ? p.title
          : r < 0.6
            ? `基于${kws[0]}的${kws[1]}研究`
            : r < 0.8
              ? `面向${kws[1]}的${kws[0]}方法`
              : `${kws[0]}在${kws[1]}中的应用`;
      const parts: string[] = [];
      const own = sentences[papers.indexOf(p)] ?? [];
      const m = int(3, 6);
      for (let s = 0; s < m; s++)
        parts.push(s < 2 && own.length ? pick(own) : pick(pick(sentences)) || pick(keywords));
      if (rand() < 0.25) parts.push(`采用${zipf(EN_TERMS)} ${zipf(EN_TERMS)}方法。`);
      docs.push({ ...base, title, abstract: parts.join(''), keywords: [...new Set(kws)] });
    } else {
      const words = (k: number) =>
        Array.from({ length: k }, () => (rand() < 0.25 ? pick(EN_GLUE) : zipf(EN_TERMS)));
      const title = words(int(5, 10)).join(' ');
      const abstract = Array.from({ length: int(3, 6) }, () => `${words(int(10, 20)).join(' ')}.`).join(' ');
      docs.push({ ...base, title: title[0]!.toUpperCase() + title.slice(1), abstract, keywords: words(3) });
    }
  }
  return docs;
}

function queries(n: number, papers: Paper[], docs: SearchDocument[]): string[] {
  const keywords = [...new Set(papers.flatMap((p) => p.keywords))];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.35) out.push(pick(keywords));
    else if (r < 0.5) out.push(`${pick(keywords)} ${pick(keywords)}`);
    else if (r < 0.65) out.push(`${zipf(EN_TERMS)} ${zipf(EN_TERMS)}`);
    else if (r < 0.75) {
      const w = pick(EN_TERMS.filter((x) => x.length >= 6));
      out.push(`${zipf(EN_TERMS)} ${w.slice(0, int(3, w.length - 1))}`); // typing
    } else if (r < 0.85) {
      const w = pick(EN_TERMS.filter((x) => x.length >= 6));
      const at = int(1, w.length - 2);
      out.push(w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2)); // transposition typo
    } else if (r < 0.95)
      out.push(pick(keywords).slice(0, 3)); // Chinese as-you-type
    else out.push(String(pick(docs).title)); // a pasted title
  }
  return out;
}

// ───────────────────────────── run ─────────────────────────────

/** CPU seconds used by the calling thread so far (Linux), or undefined where /proc is missing. */
function threadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const { papers, source } = loadPapers(fallbackPapers);
  let t0 = performance.now();
  const docs = generate(DOCS, papers);
  const qs = queries(QUERIES, papers, docs);
  console.log(
    `corpus: ${DOCS} documents from ${source}, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const zhShare = docs.filter((d) => /\p{Script=Han}/u.test(String(d.title))).length / docs.length;
  const avgChars =
    docs.reduce((s, d) => s + String(d.title).length + String(d.abstract).length, 0) / docs.length;
  console.log(
    `mix: ${(zhShare * 100).toFixed(0)} % Chinese titles, ${avgChars.toFixed(0)} characters of title + abstract on average`,
  );

  // Embedding is part of the build budget. CPU seconds are reported next to wall seconds: on a
  // shared machine wall time includes waiting for a core.
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const c = process.cpuUsage(since);
    return (c.user + c.system) / 1e6;
  };
  let embedText: (texts: string[]) => Promise<Float32Array[]>;
  let embedderNote: string;
  try {
    const embedder = await loadOfflineEmbedder();
    if (embedder.dimensions !== DIMS)
      console.log(`note: offline embedder has ${embedder.dimensions} dimensions`);
    embedText = (texts) => embedder.embed(texts);
    embedderNote = embedder.model;
  } catch (e) {
    const vrand = rng(7);
    embedText = (texts) =>
      Promise.resolve(
        texts.map(() => {
          const v = Float32Array.from({ length: DIMS }, () => vrand() - 0.5);
          const norm = Math.hypot(...v);
          return v.map((x) => x / norm);
        }),
      );
    embedderNote = `random unit vectors (offline embedder unavailable: ${(e as Error).message.slice(0, 80)})`;
  }
  const text = (d: SearchDocument) => `${String(d.title)}\n${String(d.abstract)}`;

  // Build, pipelined: the embedder's worker thread embeds batch k+1 while this thread indexes
  // batch k, so the build takes about max(embed, index) instead of their sum. This thread's own
  // CPU time (Linux /proc) splits the process CPU between indexing and the other threads.
  gc();
  const before = memoryMiB();
  const engine = createEmbeddedEngine();
  let dims = DIMS;
  const cpu0 = process.cpuUsage();
  const mainCpu0 = threadCpuSeconds();
  t0 = performance.now();
  let indexMs = 0;
  const batches = Array.from({ length: Math.ceil(docs.length / PIPELINE_BATCH) }, (_, k) =>
    docs.slice(k * PIPELINE_BATCH, (k + 1) * PIPELINE_BATCH),
  );
  let next = embedText(batches[0]!.map(text));
  for (let k = 0; k < batches.length; k++) {
    const vectors = await next;
    if (k + 1 < batches.length) next = embedText(batches[k + 1]!.map(text));
    const t1 = performance.now();
    if (k === 0) {
      dims = vectors[0]!.length;
      await engine.ensureIndex(INDEX, {
        primaryKey: 'id',
        searchableAttributes: ['title', 'keywords', 'abstract'],
        filterableAttributes: ['discipline', 'category', 'region', 'year', 'status', 'budget', 'keywords'],
        sortableAttributes: ['year', 'budget'],
        synonyms: { 人工智能: ['ai'], ai: ['人工智能'] },
        chineseAttributes: ['title', 'abstract', 'keywords'],
        vectorDimensions: dims,
      });
    }
    const batch = batches[k]!;
    batch.forEach((d, i) => (d._vector = vectors[i]!));
    for (let i = 0; i < batch.length; i += 1000) await engine.upsert(INDEX, batch.slice(i, i + 1000));
    indexMs += performance.now() - t1;
  }
  const buildMs = performance.now() - t0;
  const buildCpu = cpuSeconds(cpu0);
  const mainCpu = mainCpu0 === undefined ? undefined : threadCpuSeconds()! - mainCpu0;
  gc();
  const after = memoryMiB();

  // Embedding alone, for comparison with the pipelined build (the worker thread is warm by now).
  const cpu1 = process.cpuUsage();
  t0 = performance.now();
  await embedText(docs.map(text));
  const embedAloneMs = performance.now() - t0;
  const embedAloneCpu = cpuSeconds(cpu1);
  const queryVectors = await embedText(qs);

  const cpu = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(1));
  console.log(`\n## Build`);
  console.log(`| step | wall s | cpu s | note |\n|---|---|---|---|`);
  console.log(
    `| index ${DOCS} documents (main thread) | ${(indexMs / 1000).toFixed(1)} | ${cpu(mainCpu)} | upsert in batches of 1000; wall = time in upserts |`,
  );
  console.log(
    `| embed ${DOCS} documents (worker thread, overlapped) | - | ${cpu(mainCpu === undefined ? undefined : buildCpu - mainCpu)} | ${embedderNote}, ${dims} dims, batches of ${PIPELINE_BATCH}; cpu = process minus main thread: the worker (its start and model load included) and GC helper threads |`,
  );
  console.log(
    `| build total, pipelined | ${(buildMs / 1000).toFixed(1)} | ${buildCpu.toFixed(1)} | target ≤ 90 s; main thread waited ${((buildMs - indexMs) / 1000).toFixed(1)} s for vectors; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores |`,
  );
  console.log(
    `| embed ${DOCS} documents alone (measured after the build) | ${(embedAloneMs / 1000).toFixed(1)} | ${embedAloneCpu.toFixed(1)} | one call, worker thread; embed alone + index = ${((embedAloneMs + indexMs) / 1000).toFixed(1)} s unpipelined |`,
  );
  console.log(
    memoryAfterBuild(
      before,
      after,
      `documents are held twice: by the bench and by the engine; the bench's vectors (${Math.round((docs.length * dims * 4) / 2 ** 20)} MiB) are made during the build, so they are in the difference`,
    ),
  );

  const disciplines = [...new Set(docs.map((d) => String(d.discipline)))];
  const cases: { name: string; queries: SearchQuery[] }[] = [
    { name: 'keyword', queries: qs.map((q) => ({ q, limit: 20 })) },
    {
      name: 'keyword + filter + 4 facets',
      queries: qs.map((q) => ({
        q,
        limit: 20,
        filter: {
          and: [
            {
              field: 'discipline',
              op: 'in',
              values: [pick(disciplines), pick(disciplines), pick(disciplines)],
            },
            { field: 'year', op: 'gte', value: 2015 },
            { not: { field: 'status', op: 'eq', value: 'draft' } },
          ],
        },
        facets: ['discipline', 'region', 'status', 'year'],
      })),
    },
    {
      name: 'placeholder + filter + sort + facets',
      queries: qs.map(() => ({
        limit: 20,
        filter: { field: 'region', op: 'eq', value: pick(REGIONS) },
        sort: [{ field: 'budget', order: 'desc' }],
        facets: ['discipline', 'status'],
      })),
    },
    { name: 'vector', queries: queryVectors.map((vector) => ({ vector, limit: 20 })) },
    {
      name: 'vector + filter',
      queries: queryVectors.map((vector) => ({
        vector,
        limit: 20,
        filter: { field: 'status', op: 'eq', value: 'open' },
      })),
    },
    {
      name: 'hybrid (ratio 0.5)',
      queries: qs.map((q, i) => ({ q, vector: queryVectors[i]!, semanticRatio: 0.5, limit: 20 })),
    },
  ];

  const rows: LatencyRow[] = [];
  for (const c of cases) {
    const hits: number[] = [];
    const cpu: number[] = [];
    rows.push(
      ...(await latencyRows(`embedded: ${c.name}`, c.queries, (q) => engine.search(INDEX, q), {
        single: async (q) => {
          const c0 = process.cpuUsage();
          hits.push((await engine.search(INDEX, q)).estimatedTotalHits);
          const used = process.cpuUsage(c0);
          cpu.push((used.user + used.system) / 1000);
        },
        note: () => {
          const mean = hits.reduce((a, b) => a + b, 0) / hits.length;
          const cpuSummary = summarise(cpu);
          return `mean ${mean.toFixed(0)} hits; cpu p50 ${cpuSummary.p50.toFixed(2)} / p95 ${cpuSummary.p95.toFixed(2)} ms`;
        },
      })),
    );
  }

  // Baseline 1: a plain Float32 linear scan over the same vectors (exact cosine, top 20 by insertion).
  const flat = new Float32Array(docs.length * dims);
  for (let i = 0; i < docs.length; i++) flat.set(docs[i]!._vector as Float32Array, i * dims);
  const scan = (q: Float32Array) => {
    const scores = new Float32Array(docs.length);
    for (let d = 0; d < docs.length; d++) {
      let s = 0;
      const base = d * dims;
      for (let j = 0; j < dims; j++) s += flat[base + j]! * q[j]!;
      scores[d] = s;
    }
    const top: number[] = [];
    for (let d = 0; d < docs.length; d++) {
      if (top.length < 20 || scores[d]! > scores[top[top.length - 1]!]!) {
        top.push(d);
        top.sort((a, b) => scores[b]! - scores[a]!);
        if (top.length > 20) top.pop();
      }
    }
    return top;
  };
  rows.push({
    name: 'baseline: Float32 linear scan (vector)',
    summary: summarise(await timeEach(queryVectors, scan)),
  });

  // Baseline 2: MiniSearch 7.2 with the same jieba tokenizer, prefix on the last term and typo
  // budget like ours (keyword only: it has no vectors or facets).
  let miniNote: string;
  try {
    if (process.env.BENCH_MINISEARCH === '0') throw new Error('disabled by BENCH_MINISEARCH=0');
    const { default: MiniSearch } = await import('minisearch');
    t0 = performance.now();
    const mini = new MiniSearch<SearchDocument>({
      fields: ['title', 'keywords', 'abstract'],
      storeFields: [],
      extractField: (doc, field) => {
        const v = doc[field];
        return Array.isArray(v) ? v.join(' ') : String(v ?? '');
      },
      tokenize: (text) => tokenize(text, 'index'),
      searchOptions: {
        tokenize: (text) => tokenize(text, 'query'),
        boost: { title: 3, keywords: 2, abstract: 1.5 },
        prefix: (_term, i, terms) => i === terms.length - 1,
        fuzzy: (term) => (/^[a-z]+$/.test(term) ? (term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0) : 0),
        combineWith: 'OR',
      },
    });
    for (let i = 0; i < docs.length; i += 1000) mini.addAll(docs.slice(i, i + 1000));
    const miniBuild = (performance.now() - t0) / 1000;
    for (const q of qs.slice(0, 20)) mini.search(q);
    const lat = await timeEach(qs, (q) => mini.search(q).slice(0, 20));
    rows.push({
      name: 'baseline: MiniSearch 7.2 (keyword)',
      summary: summarise(lat),
      note: `build ${miniBuild.toFixed(1)} s`,
    });
    miniNote = '';
  } catch (e) {
    miniNote = `MiniSearch baseline skipped: ${(e as Error).message.slice(0, 100)}`;
  }

  printTable(`Query latency, ${DOCS} documents, ${QUERIES} queries per case`, rows);
  if (miniNote) console.log(miniNote);
  await engine.close();
}

await main();
