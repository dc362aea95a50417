import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '../../../search/embedded/index.ts';
import {
  SearchRequestError,
  SearchUnavailableError,
  type SearchDocument,
  type SearchEngine,
} from '../../../search/engine.ts';
import { rng } from '../../bench/stats.ts';
import { engineContract } from './contract.ts';

engineContract('embedded', () => createEmbeddedEngine());

const BASE = {
  primaryKey: 'id',
  searchableAttributes: ['title', 'abstract'],
  filterableAttributes: ['group', 'year', 'tags'],
  sortableAttributes: ['year'],
};

async function engineWith(
  docs: SearchDocument[],
  settings: Partial<typeof BASE> & Record<string, unknown> = {},
): Promise<SearchEngine> {
  const engine = createEmbeddedEngine();
  await engine.ensureIndex('t', { ...BASE, ...settings });
  await engine.upsert('t', docs);
  return engine;
}

const ids = async (engine: SearchEngine, q: Parameters<SearchEngine['search']>[1]) =>
  (await engine.search('t', { limit: 1000, ...q })).hits.map((h) => h.id);

describe('embedded engine: Chinese out-of-vocabulary fallback', () => {
  const text = '数字孪生赋能产教融合新范式';
  it('matches Chinese substrings jieba never emits as words, through character bigrams', async () => {
    const engine = await engineWith([
      { id: 'a', title: text },
      { id: 'b', title: '产品教育' },
    ]);
    expect(await ids(engine, { q: '孪生赋能', prefix: false })).toEqual(['a']);
    expect(await ids(engine, { q: '教融', prefix: false })).toEqual(['a']);
    expect(await ids(engine, { q: '生赋能产', prefix: false })).toEqual(['a']);
    // Characters present but not adjacent in that order do not match.
    expect(await ids(engine, { q: '融教', prefix: false })).toEqual([]);
    const [hit] = (await engine.search('t', { q: '教融', attributesToHighlight: ['title'] })).hits;
    expect(hit?.highlights).toEqual({ title: '数字孪生赋能产<mark>教融</mark>合新范式' });
    expect(hit?.matchedTerms).toEqual(['教融']);
  });

  it('finds every document for any Han substring of length ≥ 2 of its text (property)', async () => {
    const titles = [
      '基于联邦学习的医疗影像隐私保护',
      '锂离子电池热失控早期预警方法',
      '面向智能制造的工业互联网平台',
      '石墨烯复合材料的制备与表征',
    ];
    const engine = await engineWith(titles.map((title, i) => ({ id: `d${i}`, title })));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(titles.length - 1),
        fc.nat(40),
        fc.integer({ min: 2, max: 6 }),
        async (i, start, len) => {
          const chars = [...titles[i]!];
          const from = start % (chars.length - 1);
          const q = chars.slice(from, from + len).join('');
          fc.pre([...q].length >= 2);
          expect(await ids(engine, { q, prefix: false })).toContain(`d${i}`);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('embedded engine: English normalisation, typos and prefixes', () => {
  const docs = [
    { id: 'n', title: 'Graph networks for molecules' },
    { id: 's', title: 'A network study' },
    { id: 'r', title: 'Reinforcement learning' },
  ];

  it('folds plurals on both sides and highlights the surface word', async () => {
    const engine = await engineWith(docs);
    expect((await ids(engine, { q: 'networks', prefix: false })).sort()).toEqual(['n', 's']);
    expect((await ids(engine, { q: 'molecule', prefix: false })).sort()).toEqual(['n']);
    const [hit] = (
      await engine.search('t', { q: 'molecule', prefix: false, attributesToHighlight: ['title'] })
    ).hits;
    expect(hit?.highlights?.['title']).toBe('Graph networks for <mark>molecules</mark>');
  });

  it('counts a typo on the first letter double, as Meilisearch does', async () => {
    const engine = await engineWith(docs);
    expect(await ids(engine, { q: 'grapj', prefix: false })).toEqual(['n']);
    expect(await ids(engine, { q: 'hraph', prefix: false })).toEqual([]);
    expect(await ids(engine, { q: 'grap', prefix: false })).toEqual([]); // 4 letters: no typo, no prefix
  });

  it('prefix-matches only the last term, and not when disabled or after a space', async () => {
    const engine = await engineWith(docs);
    expect(await ids(engine, { q: 'reinfor' })).toEqual(['r']);
    expect(await ids(engine, { q: 'reinfor', prefix: false })).toEqual([]);
    expect(await ids(engine, { q: 'reinfor ' })).toEqual([]);
    expect(await ids(engine, { q: 'reinfor learning' })).toEqual(['r']); // 'reinfor' is not last: 'learning' carries it
  });

  it('supports multi-word synonyms', async () => {
    const engine = await engineWith(
      [
        { id: 'm', title: 'Machine learning for materials' },
        { id: 'x', title: 'ML pipelines' },
      ],
      { synonyms: { ml: ['machine learning'], 'machine learning': ['ml'] } },
    );
    expect((await ids(engine, { q: 'ML', prefix: false })).sort()).toEqual(['m', 'x']);
    expect((await ids(engine, { q: 'machine learning', prefix: false })).sort()).toEqual(['m', 'x']);
  });
});

describe('embedded engine: scores', () => {
  it('normalises BM25F by the query idf: one title occurrence in an average document scores tf/(tf+k1) with tf = 3', async () => {
    const engine = await engineWith([{ id: 'a', title: 'graph' }]);
    const [hit] = (await engine.search('t', { q: 'graph', prefix: false })).hits;
    expect(hit?.score).toBeCloseTo(3 / (3 + 1.2), 6);
  });

  it('weighs earlier searchable attributes more', async () => {
    const engine = await engineWith([
      { id: 'late', title: 'other words here', abstract: 'graph' },
      { id: 'early', title: 'graph', abstract: 'other words here' },
    ]);
    expect(await ids(engine, { q: 'graph', prefix: false })).toEqual(['early', 'late']);
  });

  it('fuses hybrid scores as (1 − r)·kw/kw_max + r·max(0, cos)', async () => {
    const engine = await engineWith(
      [
        { id: 'kw', title: 'graph', _vector: [0, 1] },
        { id: 'vec', title: 'other', _vector: [1, 0] },
        { id: 'half', title: 'graph graph other words to lengthen', _vector: [1, 1] },
      ],
      { vectorDimensions: 2 },
    );
    const keyword = (await engine.search('t', { q: 'graph', prefix: false })).hits;
    const kw = Object.fromEntries(keyword.map((h) => [h.id, h.score]));
    const kwMax = Math.max(...Object.values(kw));
    const r = 0.3;
    const hybrid = (await engine.search('t', { q: 'graph', prefix: false, vector: [1, 0], semanticRatio: r }))
      .hits;
    const expected = {
      kw: (1 - r) * (kw['kw']! / kwMax),
      vec: r * 1,
      half: (1 - r) * (kw['half']! / kwMax) + r * Math.SQRT1_2,
    };
    expect(hybrid.map((h) => h.id)).toEqual(
      Object.entries(expected)
        .sort((a, b) => b[1] - a[1])
        .map(([id]) => id),
    );
    for (const h of hybrid) expect(h.score).toBeCloseTo(expected[h.id as keyof typeof expected], 6);
    expect(hybrid.find((h) => h.id === 'half')?.semanticScore).toBeCloseTo(Math.SQRT1_2, 6);
  });
});

describe('embedded engine: exact vector ranking despite the int8 first pass', () => {
  it('returns exactly the brute-force Float32 top k, with filters and offsets', async () => {
    const dims = 48;
    const r = rng(11);
    // Clustered vectors, so many scores are close and the quantisation bounds matter.
    const centres = Array.from({ length: 5 }, () => Array.from({ length: dims }, () => r() - 0.5));
    const docs = Array.from({ length: 1500 }, (_, i) => {
      const c = centres[i % 5]!;
      return { id: `v${i}`, title: 'x', group: i % 3, _vector: c.map((x) => x + (r() - 0.5) * 0.05) };
    });
    const engine = await engineWith(docs, { vectorDimensions: dims });
    const unit = (v: number[]) => {
      const n = Math.hypot(...v);
      return v.map((x) => Math.fround(x / n));
    };
    const stored = docs.map((d) => Float32Array.from(unit(d._vector)));
    for (let t = 0; t < 20; t++) {
      const query = centres[t % 5]!.map((x) => x + (r() - 0.5) * 0.05);
      const q = Float32Array.from(unit(query));
      const group = t % 3;
      const exact = docs
        .map((d, i) => ({ id: d.id, group: d.group, cos: stored[i]!.reduce((s, x, j) => s + x * q[j]!, 0) }))
        .filter((d) => t < 10 || d.group === group)
        .sort((a, b) => b.cos - a.cos);
      const got = await engine.search('t', {
        vector: query,
        limit: 15,
        offset: 5,
        filter: t < 10 ? undefined : { field: 'group', op: 'eq', value: group },
      });
      expect(got.hits.map((h) => h.id)).toEqual(exact.slice(5, 20).map((d) => d.id));
      got.hits.forEach((h, i) => expect(h.semanticScore).toBeCloseTo(exact[5 + i]!.cos, 5));
    }
  });
});

describe('embedded engine: writes', () => {
  const doc = (i: number, round: number) => ({
    id: `d${i}`,
    title: `${['graph', 'robot', 'battery', 'sensor'][i % 4]} ${round === 0 ? 'alpha' : 'omega'} 锂电池 ${i % 7 === 0 ? '储能' : '材料'}`,
    year: 2000 + (i % 20),
    tags: [`t${i % 5}`, `t${(i + round) % 5}`],
  });

  it('stays equivalent to a freshly built index after heavy replacement (sealing and compaction)', async () => {
    const churned = await engineWith(Array.from({ length: 3000 }, (_, i) => doc(i, 0)));
    for (let round = 1; round <= 2; round++) {
      await churned.upsert(
        't',
        Array.from({ length: 2000 }, (_, i) => doc(i, round)),
      );
    }
    await churned.delete('t', ['d2999', 'd2998']);
    const finalDocs = [
      ...Array.from({ length: 2000 }, (_, i) => doc(i, 2)),
      ...Array.from({ length: 998 }, (_, i) => doc(2000 + i, 0)),
    ];
    const fresh = await engineWith(finalDocs);
    expect(await churned.count('t')).toBe(2998);
    for (const q of [
      { q: 'omega' },
      { q: 'alpha robot' },
      { q: '储能' },
      { q: 'graph', filter: { field: 'tags', op: 'eq' as const, value: 't3' } },
      { facets: ['tags'] },
    ]) {
      const a = await churned.search('t', { ...q, limit: 5000 });
      const b = await fresh.search('t', { ...q, limit: 5000 });
      expect(a.estimatedTotalHits).toBe(b.estimatedTotalHits);
      expect(a.facetDistribution).toEqual(b.facetDistribution);
      const scores = (r: typeof a) =>
        Object.fromEntries(r.hits.map((h) => [h.id, Math.round(h.score * 1e6)]));
      expect(scores(a)).toEqual(scores(b));
    }
  });

  it('rejects a batch with an invalid document without applying any of it', async () => {
    const engine = await engineWith([{ id: 'a', title: 'graph' }], { vectorDimensions: 2 });
    await expect(
      engine.upsert('t', [
        { id: 'b', title: 'ok' },
        { id: 'bad id!', title: 'x' },
      ]),
    ).rejects.toMatchObject({
      code: 'invalid_document_id',
    });
    await expect(engine.upsert('t', [{ title: 'no id' }])).rejects.toMatchObject({
      code: 'missing_document_id',
    });
    await expect(engine.upsert('t', [{ id: 'c', title: 'x', _vector: [1, 2, 3] }])).rejects.toMatchObject({
      code: 'invalid_vector_dimensions',
    });
    expect(await engine.count('t')).toBe(1);
    await engine.upsert('t', [{ id: 7, title: 'numeric ids are fine' }]);
    expect(await engine.get('t', ['7'])).toEqual([{ id: 7, title: 'numeric ids are fine' }]);
  });

  it('re-indexes stored documents (vectors kept) when settings change', async () => {
    const engine = await engineWith([{ id: 'a', title: 'graph', abstract: 'robot', _vector: [1, 0] }], {
      vectorDimensions: 2,
    });
    expect(await ids(engine, { q: 'robot' })).toEqual(['a']);
    await engine.ensureIndex('t', { ...BASE, searchableAttributes: ['title'], vectorDimensions: 2 });
    expect(await ids(engine, { q: 'robot' })).toEqual([]);
    expect(await ids(engine, { q: 'graph' })).toEqual(['a']);
    expect((await engine.search('t', { vector: [1, 0] })).hits[0]?.semanticScore).toBeCloseTo(1, 6);
  });

  it('does not let callers mutate stored documents', async () => {
    const original = { id: 'a', title: 'graph', tags: ['x'] };
    const engine = await engineWith([original]);
    original.tags.push('y');
    const [got] = await engine.get('t', ['a']);
    got!['title'] = 'changed'; // top-level fields of the returned copy are the caller's
    expect(() => (got!['tags'] as string[]).push('z')).toThrow(TypeError);
    const [hit] = (await engine.search('t', { q: 'graph' })).hits;
    expect(() => (hit!.document['tags'] as string[]).push('z')).toThrow(TypeError);
    expect(await engine.get('t', ['a'])).toEqual([{ id: 'a', title: 'graph', tags: ['x'] }]);
  });
});

describe('embedded engine: filters and facets details', () => {
  it('treats numbers and numeric strings as the same value, strings case-insensitively, and counts array duplicates once', async () => {
    const engine = await engineWith([
      { id: 'a', title: 'x', year: 2019, tags: ['AI', 'ai', 'Robotics'] },
      { id: 'b', title: 'x', year: '2019', tags: ['robotics'] },
    ]);
    expect((await ids(engine, { filter: { field: 'year', op: 'eq', value: 2019 } })).sort()).toEqual([
      'a',
      'b',
    ]);
    expect((await ids(engine, { filter: { field: 'tags', op: 'eq', value: 'ROBOTICS' } })).sort()).toEqual([
      'a',
      'b',
    ]);
    const r = await engine.search('t', { facets: ['tags'] });
    expect(r.facetDistribution).toEqual({ tags: { AI: 1, Robotics: 2 } });
  });
});

describe('embedded engine: errors and lifecycle', () => {
  it('reports unknown indexes, bad vectors and a closed engine with typed errors', async () => {
    const engine = await engineWith([{ id: 'a', title: 'x' }]);
    await expect(engine.search('nope', {})).rejects.toMatchObject({ code: 'index_not_found' });
    await expect(engine.search('t', { vector: [1, 0] })).rejects.toMatchObject({
      code: 'invalid_search_vector',
    });
    await expect(engine.search('t', { limit: -1 })).rejects.toBeInstanceOf(SearchRequestError);
    await engine.close();
    await expect(engine.health()).rejects.toBeInstanceOf(SearchUnavailableError);
    await expect(engine.search('t', {})).rejects.toBeInstanceOf(SearchUnavailableError);
  });
});

describe('embedded engine: zero query vector', () => {
  it('scores every document 0 (a text the embedder knows no word of) and keeps keyword ranking in hybrid', async () => {
    const engine = await engineWith(
      [
        { id: 'a', title: 'graph', _vector: [1, 0] },
        { id: 'b', title: 'other', _vector: [0, 1] },
      ],
      { vectorDimensions: 2 },
    );
    const vector = await engine.search('t', { vector: [0, 0] });
    expect(vector.hits.map((h) => [h.id, h.score, h.semanticScore])).toEqual([
      ['a', 0, 0],
      ['b', 0, 0],
    ]);
    const hybrid = await engine.search('t', { q: 'graph', vector: [0, 0], semanticRatio: 0.5 });
    expect(hybrid.hits.map((h) => [h.id, h.score])).toEqual([['a', 0.5]]);
  });
});

describe('embedded engine: more edges', () => {
  it('keeps the last copy when a batch repeats an id, and re-adds a deleted id', async () => {
    const engine = await engineWith([
      { id: 'a', title: 'first' },
      { id: 'a', title: 'second' },
    ]);
    expect(await engine.get('t', ['a'])).toEqual([{ id: 'a', title: 'second' }]);
    expect(await ids(engine, { q: 'first' })).toEqual([]);
    await engine.delete('t', ['a']);
    await engine.upsert('t', [{ id: 'a', title: 'third' }]);
    expect(await ids(engine, { q: 'third' })).toEqual(['a']);
    expect(await engine.count('t')).toBe(1);
  });

  it('sorts vector results by the sort rules first', async () => {
    const engine = await engineWith(
      [
        { id: 'old', title: 'x', year: 2001, _vector: [1, 0] },
        { id: 'new', title: 'x', year: 2020, _vector: [0, 1] },
        { id: 'mid', title: 'x', year: 2010, _vector: [1, 1] },
      ],
      { vectorDimensions: 2 },
    );
    const r = await engine.search('t', { vector: [1, 0], sort: [{ field: 'year', order: 'desc' }] });
    expect(r.hits.map((h) => h.id)).toEqual(['new', 'mid', 'old']);
    expect(r.hits.map((h) => h.semanticScore)).toEqual([
      0,
      expect.closeTo(Math.SQRT1_2, 6),
      expect.closeTo(1, 6),
    ]);
  });

  it('prefix-matches a Chinese last term as it is typed', async () => {
    const engine = await engineWith([
      { id: 'a', title: '深度学习框架' },
      { id: 'b', title: '强化学习' },
    ]);
    // '学' expands to 学习 (in both); 深度 + 学习 ranks the full match first.
    expect(await ids(engine, { q: '深度学' })).toEqual(['a', 'b']);
    expect(await ids(engine, { q: '深度学', prefix: false })).toEqual(['a']);
  });

  it('highlights every searchable attribute with *', async () => {
    const engine = await engineWith([
      { id: 'a', title: 'Graph search', abstract: 'A graph of 图数据 graph' },
    ]);
    const [hit] = (await engine.search('t', { q: 'graph', attributesToHighlight: ['*'] })).hits;
    expect(hit?.highlights).toEqual({
      title: '<mark>Graph</mark> search',
      abstract: 'A <mark>graph</mark> of 图数据 <mark>graph</mark>',
    });
  });
});
