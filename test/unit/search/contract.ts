import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SearchRequestError,
  type Filter,
  type IndexSettings,
  type SearchDocument,
  type SearchEngine,
  type SearchQuery,
} from '../../../search/engine.ts';

/**
 * The search contract, run against every SearchEngine (embedded always; Meilisearch when
 * MEILISEARCH_URL is set). It only asserts behaviour both engines share: where Meilisearch's
 * ranking differs in detail (e.g. how hybrid results interleave) it asserts sets or the
 * decisive first hits, never engine-specific score values.
 */

export const SETTINGS: IndexSettings = {
  primaryKey: 'id',
  searchableAttributes: ['title', 'abstract', 'tags'],
  filterableAttributes: ['discipline', 'year', 'tags', 'remote', 'budget', 'region'],
  sortableAttributes: ['year', 'budget', 'region'],
  synonyms: { 人工智能: ['AI'], AI: ['人工智能'] },
  chineseAttributes: ['title', 'abstract'],
  vectorDimensions: 4,
};

export const DOCS: SearchDocument[] = [
  {
    id: 'c1',
    title: '基于深度学习的图像识别',
    abstract: '利用卷积神经网络进行工业缺陷检测',
    tags: ['视觉', '制造'],
    discipline: '计算机科学与技术',
    year: 2021,
    budget: 50,
    remote: true,
    region: '上海',
    _vector: [1, 0, 0, 0],
  },
  {
    id: 'c2',
    title: 'Graph neural networks for drug discovery',
    abstract: 'Molecular property prediction with message passing',
    tags: ['biology', 'graph'],
    discipline: '药学',
    year: 2019,
    budget: 80,
    remote: false,
    _vector: [0, 1, 0, 0],
  },
  {
    id: 'c3',
    title: '人工智能在医疗诊断中的应用',
    abstract: '结合电子病历的辅助诊断系统',
    tags: ['医疗'],
    discipline: '临床医学',
    year: 2023,
    budget: 120,
    _vector: [0.7, 0.7, 0, 0],
  },
  {
    id: 'c4',
    title: 'AI-assisted quality inspection',
    abstract: 'Computer vision for steel surface defects',
    tags: ['制造'],
    discipline: '计算机科学与技术',
    year: 2022,
    budget: 30,
    remote: true,
    region: '江苏',
    _vector: [0.9, 0, 0.1, 0],
  },
  {
    id: 'c5',
    title: '锂电池储能系统优化',
    abstract: '电池管理与热失控预警',
    tags: ['能源'],
    discipline: '电气工程',
    year: 2020,
    budget: 200,
    region: '江苏',
    _vector: [0, 0, 1, 0],
  },
  {
    id: 'c6',
    title: 'Reinforcement learning for robot grasping',
    abstract: 'Sim-to-real transfer of manipulation policies',
    tags: ['robotics'],
    discipline: '控制科学与工程',
    year: 2024,
    _vector: [0, 0, 0, 1],
  },
  {
    id: 'c7',
    title: '产教融合实践平台建设',
    abstract: '校企合作培养研究生',
    tags: [],
    discipline: '教育学',
    year: 2018,
    budget: 10,
  },
];

const ALL = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];

/** The stored form of a fixture document: what get() and hits return. */
export function stored(id: string): Record<string, unknown> {
  const { _vector: _, ...rest } = DOCS.find((d) => d.id === id)!;
  return rest;
}

export function engineContract(name: string, make: () => Promise<SearchEngine> | SearchEngine): void {
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine;
    let index: string;
    let serial = 0;

    const search = (query: SearchQuery) => engine.search(index, query);
    const ids = async (query: SearchQuery) => (await search({ limit: 100, ...query })).hits.map((h) => h.id);
    const idSet = async (query: SearchQuery) => (await ids(query)).sort();
    const filtered = (filter: Filter) => idSet({ filter });

    beforeEach(async () => {
      engine = await make();
      index = `contract-${process.pid}-${Date.now().toString(36)}-${serial++}`;
      await engine.ensureIndex(index, SETTINGS);
      await engine.upsert(index, DOCS);
    });

    afterEach(async () => {
      await engine.clear(index);
      await engine.close();
    });

    describe('documents', () => {
      it('counts, gets by id (skipping missing ids) and does not return vectors', async () => {
        expect(await engine.count(index)).toBe(7);
        const got = await engine.get(index, ['c2', 'nope', 'c7']);
        expect(got.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([
          stored('c2'),
          stored('c7'),
        ]);
        await engine.health();
      });

      it('keeps documents when ensureIndex is repeated with the same settings', async () => {
        await engine.ensureIndex(index, SETTINGS);
        expect(await engine.count(index)).toBe(7);
        expect(await ids({ q: 'graph' })).toEqual(['c2']);
      });

      it('replaces the whole document on upsert, in every structure', async () => {
        const replaced = {
          id: 'c5',
          title: 'Hydrogen fuel cells',
          abstract: 'Proton exchange membranes',
          tags: ['hydrogen'],
          discipline: '化学工程与技术',
          year: 2025,
          _vector: [0, 1, 0, 0],
        };
        await engine.upsert(index, [replaced]);
        expect(await engine.count(index)).toBe(7);
        const { _vector: _, ...body } = replaced;
        expect(await engine.get(index, ['c5'])).toEqual([body]);
        expect(await ids({ q: '电池' })).toEqual([]);
        expect(await ids({ q: 'hydrogen' })).toEqual(['c5']);
        expect(await filtered({ field: 'discipline', op: 'eq', value: '电气工程' })).toEqual([]);
        expect(await filtered({ field: 'region', op: 'eq', value: '江苏' })).toEqual(['c4']);
        expect(await filtered({ field: 'year', op: 'gte', value: 2025 })).toEqual(['c5']);
        const near = await search({ vector: [0, 1, 0, 0], limit: 2 });
        expect(near.hits.map((h) => h.id).sort()).toEqual(['c2', 'c5']);
      });

      it('deletes documents from postings, filters, facets and vectors', async () => {
        await engine.delete(index, ['c2', 'missing']);
        expect(await engine.count(index)).toBe(6);
        expect(await engine.get(index, ['c2'])).toEqual([]);
        expect(await ids({ q: 'graph' })).toEqual([]);
        expect(await filtered({ field: 'discipline', op: 'eq', value: '药学' })).toEqual([]);
        const facets = await search({ facets: ['discipline'] });
        expect(facets.facetDistribution?.['discipline']?.['药学']).toBeUndefined();
        const near = await search({ vector: [0, 1, 0, 0], limit: 1 });
        expect(near.hits[0]?.id).toBe('c3');
      });

      it('clears documents but keeps settings', async () => {
        await engine.clear(index);
        expect(await engine.count(index)).toBe(0);
        expect((await search({ q: 'graph' })).hits).toEqual([]);
        await engine.upsert(index, DOCS.slice(0, 2));
        expect(await ids({ q: '人工智能' })).toEqual([]);
        expect(await filtered({ field: 'remote', op: 'eq', value: true })).toEqual(['c1']);
        expect(await idSet({ q: 'AI' })).toEqual([]);
        expect(await ids({ q: 'graph' })).toEqual(['c2']);
      });

      it('keeps indexes apart', async () => {
        const other = `${index}-other`;
        await engine.ensureIndex(other, { ...SETTINGS, vectorDimensions: undefined });
        await engine.upsert(other, [{ id: 'x1', title: 'Graph databases', tags: [] }]);
        expect(await ids({ q: 'graph' })).toEqual(['c2']);
        expect((await engine.search(other, { q: 'graph' })).hits.map((h) => h.id)).toEqual(['x1']);
        expect(await engine.count(other)).toBe(1);
        await engine.clear(other);
      });
    });

    describe('keyword search', () => {
      it('finds Chinese words inside longer text', async () => {
        expect(await ids({ q: '深度学习' })).toEqual(['c1']);
        expect(await ids({ q: '电池' })).toEqual(['c5']);
        expect(await ids({ q: '研究生' })).toEqual(['c7']);
      });

      it('finds English words case-insensitively', async () => {
        expect(await ids({ q: 'graph' })).toEqual(['c2']);
        expect(await ids({ q: 'STEEL' })).toEqual(['c4']);
      });

      it('ranks the document matching every term first and scores within [0, 1], best first', async () => {
        const r = await search({ q: 'robot grasping learning' });
        expect(r.hits[0]?.id).toBe('c6');
        for (const h of r.hits) expect(h.score).toBeGreaterThanOrEqual(0);
        for (const h of r.hits) expect(h.score).toBeLessThanOrEqual(1);
        const scores = r.hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      });

      it('applies synonyms in both directions', async () => {
        expect(await idSet({ q: '人工智能' })).toEqual(['c3', 'c4']);
        expect(await idSet({ q: 'AI' })).toEqual(['c3', 'c4']);
      });

      it('prefix-matches the last query term as the user types', async () => {
        expect(await ids({ q: 'reinfor' })).toEqual(['c6']);
        expect(await ids({ q: 'drug disc' })).toEqual(['c2']);
      });

      it('tolerates one typo from 5 letters and two from 9', async () => {
        expect(await ids({ q: 'moleculr' })).toEqual(['c2']);
        expect(await ids({ q: 'manipulaton' })).toEqual(['c6']);
        expect(await ids({ q: 'manpulaton' })).toEqual(['c6']);
        expect(await ids({ q: 'cat' })).toEqual([]);
      });

      it('returns no hits for words no document contains', async () => {
        const r = await search({ q: 'quantum' });
        expect(r.hits).toEqual([]);
        expect(r.estimatedTotalHits).toBe(0);
      });

      it('reports the matched terms per hit', async () => {
        const [graph] = (await search({ q: 'graph' })).hits;
        expect(graph?.matchedTerms.map((t) => t.toLowerCase())).toContain('graph');
        const hits = (await search({ q: '人工智能' })).hits;
        expect(hits.find((h) => h.id === 'c3')?.matchedTerms).toContain('人工智能');
        expect(hits.find((h) => h.id === 'c4')?.matchedTerms.map((t) => t.toLowerCase())).toContain('ai');
      });

      it('highlights matched words with <mark>', async () => {
        const [hit] = (await search({ q: 'graph', attributesToHighlight: ['title'] })).hits;
        expect(hit?.highlights).toEqual({ title: '<mark>Graph</mark> neural networks for drug discovery' });
        const [zh] = (await search({ q: '医疗', attributesToHighlight: ['title'] })).hits;
        expect(zh?.highlights?.['title']).toBe('人工智能在<mark>医疗</mark>诊断中的应用');
      });

      it('retrieves only the requested attributes', async () => {
        const [hit] = (await search({ q: 'graph', attributesToRetrieve: ['title', 'year'] })).hits;
        expect(hit?.document).toEqual({ title: 'Graph neural networks for drug discovery', year: 2019 });
      });
    });

    describe('filters', () => {
      it('eq and ne on strings, numbers and booleans', async () => {
        expect(await filtered({ field: 'discipline', op: 'eq', value: '计算机科学与技术' })).toEqual([
          'c1',
          'c4',
        ]);
        expect(await filtered({ field: 'discipline', op: 'ne', value: '计算机科学与技术' })).toEqual([
          'c2',
          'c3',
          'c5',
          'c6',
          'c7',
        ]);
        expect(await filtered({ field: 'year', op: 'eq', value: 2019 })).toEqual(['c2']);
        expect(await filtered({ field: 'remote', op: 'eq', value: true })).toEqual(['c1', 'c4']);
        expect(await filtered({ field: 'remote', op: 'eq', value: false })).toEqual(['c2']);
      });

      it('eq and in match any element of an array attribute', async () => {
        expect(await filtered({ field: 'tags', op: 'eq', value: '制造' })).toEqual(['c1', 'c4']);
        expect(await filtered({ field: 'tags', op: 'in', values: ['graph', '能源'] })).toEqual(['c2', 'c5']);
      });

      it('in over strings and numbers', async () => {
        expect(await filtered({ field: 'region', op: 'in', values: ['上海', '江苏'] })).toEqual([
          'c1',
          'c4',
          'c5',
        ]);
        expect(await filtered({ field: 'year', op: 'in', values: [2019, 2024] })).toEqual(['c2', 'c6']);
        expect(await filtered({ field: 'region', op: 'in', values: ['北京'] })).toEqual([]);
      });

      it('numeric ranges', async () => {
        expect(await filtered({ field: 'year', op: 'gt', value: 2021 })).toEqual(['c3', 'c4', 'c6']);
        expect(await filtered({ field: 'year', op: 'gte', value: 2021 })).toEqual(['c1', 'c3', 'c4', 'c6']);
        expect(await filtered({ field: 'year', op: 'lt', value: 2019 })).toEqual(['c7']);
        expect(await filtered({ field: 'year', op: 'lte', value: 2019 })).toEqual(['c2', 'c7']);
        expect(
          await filtered({
            and: [
              { field: 'budget', op: 'gte', value: 30 },
              { field: 'budget', op: 'lte', value: 80 },
            ],
          }),
        ).toEqual(['c1', 'c2', 'c4']);
      });

      it('exists, and not exists', async () => {
        expect(await filtered({ field: 'region', op: 'exists' })).toEqual(['c1', 'c4', 'c5']);
        expect(await filtered({ field: 'budget', op: 'exists' })).toEqual([
          'c1',
          'c2',
          'c3',
          'c4',
          'c5',
          'c7',
        ]);
        expect(await filtered({ not: { field: 'region', op: 'exists' } })).toEqual(['c2', 'c3', 'c6', 'c7']);
      });

      it('and, or, not, nested', async () => {
        expect(
          await filtered({
            and: [
              { field: 'year', op: 'gte', value: 2020 },
              { field: 'tags', op: 'eq', value: '制造' },
            ],
          }),
        ).toEqual(['c1', 'c4']);
        expect(
          await filtered({
            or: [
              { field: 'discipline', op: 'eq', value: '药学' },
              { field: 'region', op: 'eq', value: '上海' },
            ],
          }),
        ).toEqual(['c1', 'c2']);
        expect(await filtered({ not: { field: 'year', op: 'lt', value: 2022 } })).toEqual(['c3', 'c4', 'c6']);
        expect(
          await filtered({
            or: [
              {
                and: [
                  { field: 'remote', op: 'eq', value: true },
                  { not: { field: 'region', op: 'eq', value: '上海' } },
                ],
              },
              { field: 'year', op: 'in', values: [2018] },
            ],
          }),
        ).toEqual(['c4', 'c7']);
      });

      it('combines with keyword search', async () => {
        expect(await idSet({ q: 'AI', filter: { field: 'region', op: 'exists' } })).toEqual(['c4']);
        expect(await ids({ q: 'graph', filter: { field: 'year', op: 'gt', value: 2020 } })).toEqual([]);
      });

      it('rejects filters, facets and sorts on attributes not declared for them', async () => {
        await expect(search({ filter: { field: 'title', op: 'eq', value: 'x' } })).rejects.toMatchObject({
          name: 'SearchRequestError',
          code: 'invalid_search_filter',
        });
        await expect(search({ facets: ['title'] })).rejects.toBeInstanceOf(SearchRequestError);
        await expect(search({ sort: [{ field: 'title', order: 'asc' }] })).rejects.toMatchObject({
          code: 'invalid_search_sort',
        });
      });
    });

    describe('facets, sort and pagination', () => {
      it('counts facet values over all hits', async () => {
        const r = await search({ facets: ['discipline', 'tags'], limit: 1 });
        expect(r.facetDistribution).toEqual({
          discipline: {
            计算机科学与技术: 2,
            药学: 1,
            临床医学: 1,
            电气工程: 1,
            控制科学与工程: 1,
            教育学: 1,
          },
          tags: { 视觉: 1, 制造: 2, biology: 1, graph: 1, 医疗: 1, 能源: 1, robotics: 1 },
        });
      });

      it('counts facet values over the filtered and searched hits only', async () => {
        const r = await search({
          filter: { field: 'year', op: 'gte', value: 2021 },
          facets: ['discipline', 'region'],
        });
        expect(r.facetDistribution).toEqual({
          discipline: { 计算机科学与技术: 2, 临床医学: 1, 控制科学与工程: 1 },
          region: { 上海: 1, 江苏: 1 },
        });
        const q = await search({ q: '人工智能', facets: ['discipline'] });
        expect(q.facetDistribution).toEqual({ discipline: { 计算机科学与技术: 1, 临床医学: 1 } });
      });

      it('sorts by one or more rules, documents without the value last', async () => {
        expect(await ids({ sort: [{ field: 'year', order: 'desc' }] })).toEqual([
          'c6',
          'c3',
          'c4',
          'c1',
          'c5',
          'c2',
          'c7',
        ]);
        expect(await ids({ sort: [{ field: 'budget', order: 'asc' }] })).toEqual([
          'c7',
          'c4',
          'c1',
          'c2',
          'c3',
          'c5',
          'c6',
        ]);
        expect(
          await ids({
            sort: [
              { field: 'region', order: 'asc' },
              { field: 'year', order: 'desc' },
            ],
          }),
        ).toEqual(['c1', 'c4', 'c5', 'c6', 'c3', 'c2', 'c7']);
      });

      it('pages with offset and limit, reporting the total', async () => {
        const sort = [{ field: 'year', order: 'desc' as const }];
        const r = await search({ sort, offset: 2, limit: 3 });
        expect(r.hits.map((h) => h.id)).toEqual(['c4', 'c1', 'c5']);
        expect(r.estimatedTotalHits).toBe(7);
        expect((await search({ sort, offset: 6, limit: 3 })).hits.map((h) => h.id)).toEqual(['c7']);
        expect((await search({ sort, offset: 10 })).hits).toEqual([]);
        expect((await search({ limit: 0 })).hits).toEqual([]);
        expect(await idSet({})).toEqual(ALL);
      });
    });

    describe('vectors and hybrid', () => {
      it('ranks by cosine similarity and reports it', async () => {
        const r = await search({ vector: [1, 0, 0, 0], limit: 3 });
        expect(r.hits.map((h) => h.id)).toEqual(['c1', 'c4', 'c3']);
        expect(r.hits[0]?.semanticScore).toBeCloseTo(1, 5);
        expect(r.hits[1]?.semanticScore).toBeCloseTo(0.9 / Math.hypot(0.9, 0.1), 5);
        expect(r.hits[2]?.semanticScore).toBeCloseTo(Math.SQRT1_2, 5);
        const scores = r.hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      });

      it('filters vector search', async () => {
        const r = await search({
          vector: [1, 0, 0, 0],
          filter: { field: 'discipline', op: 'ne', value: '计算机科学与技术' },
          limit: 1,
        });
        expect(r.hits.map((h) => h.id)).toEqual(['c3']);
      });

      it('semanticRatio 0 ranks like keyword search and 1 like vector search', async () => {
        const vector = [0, 0, 0.2, 1];
        const keyword = await ids({ q: 'learning robot' });
        const semantic = (await search({ vector, limit: 3 })).hits.map((h) => h.id);
        expect(await ids({ q: 'learning robot', vector, semanticRatio: 0 })).toEqual(keyword);
        expect(
          (await search({ q: 'learning robot', vector, semanticRatio: 1, limit: 3 })).hits.map((h) => h.id),
        ).toEqual(semantic);
        expect(semantic).toEqual(['c6', 'c5', 'c4']);
      });

      it('fuses keyword and vector evidence in between, with scores in [0, 1]', async () => {
        const r = await search({ q: '图像识别', vector: [0.1, 0, 0, 1], semanticRatio: 0.5, limit: 2 });
        expect(r.hits.map((h) => h.id).sort()).toEqual(['c1', 'c6']);
        for (const h of r.hits) {
          expect(h.score).toBeGreaterThan(0);
          expect(h.score).toBeLessThanOrEqual(1);
        }
      });
    });
  });
}
