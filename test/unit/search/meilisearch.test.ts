import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SearchResponse, Task } from 'meilisearch';
import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
} from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchRequestError, SearchUnavailableError } from '../../../search/engine.ts';
import type { IndexSettings, SearchQuery } from '../../../search/engine.ts';
import {
  fromMeiliDocument,
  readMeiliVector,
  toMeiliDocument,
} from '../../../search/meilisearch/documents.ts';
import { contextFromMeiliSettings, createMeilisearchEngine } from '../../../search/meilisearch/engine.ts';
import { assertTaskSucceeded, toSearchError } from '../../../search/meilisearch/errors.ts';
import { compileMeiliFilter, quoteFilterString, toMeiliFilter } from '../../../search/meilisearch/filter.ts';
import type { MeiliIndexContext } from '../../../search/meilisearch/query.ts';
import {
  cosine,
  fromMeiliSearchResponse,
  markedTerms,
  toMeiliSearchParams,
} from '../../../search/meilisearch/query.ts';
import { toMeiliSettings } from '../../../search/meilisearch/settings.ts';

const mentorSettings: IndexSettings = {
  primaryKey: 'id',
  searchableAttributes: ['name', 'interests', 'publications'],
  filterableAttributes: ['poolStatus', 'disciplines', 'capacityLeft', 'region'],
  sortableAttributes: ['capacityLeft', 'updatedAt'],
  synonyms: { 人工智能: ['AI'], AI: ['人工智能'] },
  chineseAttributes: ['interests', 'publications'],
  vectorDimensions: 256,
};

describe('toMeiliSettings', () => {
  it('renders every setting as desired state', () => {
    expect(toMeiliSettings(mentorSettings)).toEqual({
      searchableAttributes: ['name', 'interests', 'publications'],
      filterableAttributes: ['poolStatus', 'disciplines', 'capacityLeft', 'region'],
      sortableAttributes: ['capacityLeft', 'updatedAt'],
      synonyms: { 人工智能: ['AI'], AI: ['人工智能'] },
      localizedAttributes: [{ attributePatterns: ['interests', 'publications'], locales: ['cmn'] }],
      typoTolerance: {
        enabled: true,
        disableOnNumbers: true,
        minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      },
      pagination: { maxTotalHits: 10000 },
      embedders: { default: { source: 'userProvided', dimensions: 256 } },
    });
  });

  it('resets vectors, synonyms and locales an index no longer declares', () => {
    expect(
      toMeiliSettings({
        primaryKey: 'id',
        searchableAttributes: ['title'],
        filterableAttributes: [],
        sortableAttributes: [],
      }),
    ).toEqual({
      searchableAttributes: ['title'],
      filterableAttributes: [],
      sortableAttributes: [],
      synonyms: {},
      localizedAttributes: [],
      typoTolerance: {
        enabled: true,
        disableOnNumbers: true,
        minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      },
      pagination: { maxTotalHits: 10000 },
      embedders: null,
    });
  });

  it('names the embedder as configured', () => {
    expect(toMeiliSettings(mentorSettings, 'lsa').embedders).toEqual({
      lsa: { source: 'userProvided', dimensions: 256 },
    });
  });
});

describe('toMeiliFilter', () => {
  it('quotes strings and escapes quotes and backslashes', () => {
    expect(toMeiliFilter({ field: 'region', op: 'eq', value: '上海' })).toBe('region = "上海"');
    expect(toMeiliFilter({ field: 'title', op: 'eq', value: 'say "hi"' })).toBe('title = "say \\"hi\\""');
    expect(toMeiliFilter({ field: 'path', op: 'eq', value: 'C:\\data\\' })).toBe('path = "C:\\\\data\\\\"');
    expect(toMeiliFilter({ field: 'x', op: 'eq', value: 'a\\"b' })).toBe('x = "a\\\\\\"b"');
    expect(toMeiliFilter({ field: 'kw', op: 'eq', value: 'AND' })).toBe('kw = "AND"');
    expect(quoteFilterString("it's")).toBe('"it\'s"');
  });

  it('renders numbers, booleans and comparisons', () => {
    expect(toMeiliFilter({ field: 'capacityLeft', op: 'gt', value: 0 })).toBe('capacityLeft > 0');
    expect(toMeiliFilter({ field: 'budget', op: 'gte', value: 1.5 })).toBe('budget >= 1.5');
    expect(toMeiliFilter({ field: 'delta', op: 'lt', value: -3 })).toBe('delta < -3');
    expect(toMeiliFilter({ field: 'big', op: 'lte', value: 1e21 })).toBe('big <= "1e+21"');
    expect(toMeiliFilter({ field: 'active', op: 'eq', value: true })).toBe('active = true');
    expect(toMeiliFilter({ field: 'tier', op: 'ne', value: 2 })).toBe('tier != 2');
    expect(() => toMeiliFilter({ field: 'x', op: 'gt', value: Number.NaN })).toThrow(SearchRequestError);
  });

  it('renders IN, EXISTS and NOT', () => {
    expect(toMeiliFilter({ field: 'disciplines', op: 'in', values: ['0812', '0854', 7] })).toBe(
      'disciplines IN ["0812", "0854", 7]',
    );
    expect(toMeiliFilter({ field: 'disciplines', op: 'in', values: [] })).toBe('disciplines IN []');
    expect(toMeiliFilter({ field: 'deletedAt', op: 'exists' })).toBe('deletedAt EXISTS');
    expect(toMeiliFilter({ not: { field: 'deletedAt', op: 'exists' } })).toBe('NOT deletedAt EXISTS');
  });

  it('groups AND / OR / NOT with parentheses', () => {
    expect(
      toMeiliFilter({
        and: [
          { field: 'poolStatus', op: 'eq', value: 'active' },
          {
            or: [
              { field: 'region', op: 'eq', value: '江苏' },
              { field: 'remote', op: 'eq', value: true },
            ],
          },
          {
            not: {
              and: [
                { field: 'tier', op: 'eq', value: 'secret' },
                { field: 'nda', op: 'eq', value: false },
              ],
            },
          },
        ],
      }),
    ).toBe(
      'poolStatus = "active" AND (region = "江苏" OR remote = true) AND NOT (tier = "secret" AND nda = false)',
    );
    expect(
      toMeiliFilter({
        or: [
          {
            and: [
              { field: 'a', op: 'eq', value: 1 },
              { field: 'b', op: 'eq', value: 2 },
            ],
          },
          { field: 'c', op: 'exists' },
        ],
      }),
    ).toBe('(a = 1 AND b = 2) OR c EXISTS');
  });

  it('quotes field names that are not plain words', () => {
    expect(toMeiliFilter({ field: 'pool.status', op: 'eq', value: 'active' })).toBe('pool.status = "active"');
    expect(toMeiliFilter({ field: '学科', op: 'eq', value: '0812' })).toBe('"学科" = "0812"');
    expect(toMeiliFilter({ field: 'IN', op: 'exists' })).toBe('"IN" EXISTS');
  });

  it('folds empty groups: {and: []} restricts nothing, {or: []} matches nothing', () => {
    expect(toMeiliFilter({ and: [] })).toBeUndefined();
    expect(toMeiliFilter({ and: [{ and: [] }, { field: 'a', op: 'eq', value: 'x' }] })).toBe('a = "x"');
    expect(compileMeiliFilter({ or: [] })).toEqual({ kind: 'none' });
    expect(compileMeiliFilter({ not: { or: [] } })).toEqual({ kind: 'all' });
    expect(compileMeiliFilter({ and: [{ field: 'a', op: 'exists' }, { or: [] }] })).toEqual({ kind: 'none' });
    expect(toMeiliFilter({ or: [{ and: [] }, { field: 'a', op: 'exists' }] })).toBeUndefined();
    expect(() => toMeiliFilter({ or: [] })).toThrow(SearchRequestError);
  });
});

describe('documents', () => {
  it('moves _vector into _vectors.<embedder> as plain numbers', () => {
    const doc = { id: 'm1', name: '张三', _vector: new Float32Array([0.5, -0.25, 1]) };
    expect(toMeiliDocument(doc)).toEqual({ id: 'm1', name: '张三', _vectors: { default: [0.5, -0.25, 1] } });
    expect(toMeiliDocument({ id: 'm2', _vector: [1, 0] }, { embedderName: 'lsa' })).toEqual({
      id: 'm2',
      _vectors: { lsa: [1, 0] },
    });
    expect(toMeiliDocument({ id: 'm3', tags: ['a'] })).toEqual({ id: 'm3', tags: ['a'] });
  });

  it('opts a vectorless document out explicitly in an index with vectors', () => {
    expect(toMeiliDocument({ id: 'm4', title: '产教融合' }, { indexHasVectors: true })).toEqual({
      id: 'm4',
      title: '产教融合',
      _vectors: { default: null },
    });
    expect(toMeiliDocument({ id: 'm5', _vector: [0, 1] }, { indexHasVectors: true })).toEqual({
      id: 'm5',
      _vectors: { default: [0, 1] },
    });
  });

  it('reads vectors back in every shape Meilisearch returns', () => {
    expect(readMeiliVector({ _vectors: { default: [1, 2] } })).toEqual([1, 2]);
    expect(readMeiliVector({ _vectors: { default: [[1, 2]] } })).toEqual([1, 2]);
    expect(readMeiliVector({ _vectors: { default: { embeddings: [[3, 4]], regenerate: false } } })).toEqual([
      3, 4,
    ]);
    expect(readMeiliVector({ _vectors: { default: { embeddings: [5, 6], regenerate: false } } })).toEqual([
      5, 6,
    ]);
    expect(readMeiliVector({ _vectors: { other: [1] } })).toBeUndefined();
    expect(readMeiliVector({ id: 1 })).toBeUndefined();
  });

  it('strips hit metadata and optionally restores _vector', () => {
    const hit = {
      id: 'm1',
      name: '张三',
      _rankingScore: 0.9,
      _formatted: { name: '<mark>张三</mark>' },
      _matchesPosition: { name: [{ start: 0, length: 6 }] },
      _vectors: { default: { embeddings: [[1, 0]], regenerate: false } },
    };
    expect(fromMeiliDocument(hit)).toEqual({ id: 'm1', name: '张三' });
    expect(fromMeiliDocument(hit, { withVector: true })).toEqual({ id: 'm1', name: '张三', _vector: [1, 0] });
  });
});

const ctx: MeiliIndexContext = {
  primaryKey: 'id',
  embedderName: 'default',
  vectorDimensions: 3,
  searchableAttributes: ['name', 'interests'],
  chinese: true,
};

describe('toMeiliSearchParams', () => {
  it('builds a hybrid query with filter, facets, sort and highlighting', () => {
    const query: SearchQuery = {
      q: '机器视觉 缺陷检测',
      vector: new Float32Array([0.5, 0.25, 0]),
      semanticRatio: 0.7,
      filter: {
        and: [
          { field: 'poolStatus', op: 'eq', value: 'active' },
          { field: 'capacityLeft', op: 'gt', value: 0 },
        ],
      },
      facets: ['region', 'disciplines'],
      sort: [{ field: 'capacityLeft', order: 'desc' }],
      limit: 10,
      offset: 20,
      attributesToHighlight: ['interests', 'summary'],
    };
    expect(toMeiliSearchParams(query, ctx)).toEqual({
      q: '机器视觉 缺陷检测',
      limit: 10,
      offset: 20,
      showRankingScore: true,
      matchingStrategy: 'frequency',
      locales: ['cmn'],
      vector: [0.5, 0.25, 0],
      hybrid: { embedder: 'default', semanticRatio: 0.7 },
      retrieveVectors: true,
      filter: 'poolStatus = "active" AND capacityLeft > 0',
      facets: ['region', 'disciplines'],
      sort: ['capacityLeft:desc'],
      attributesToHighlight: ['interests', 'summary', 'name'],
      highlightPreTag: '<mark>',
      highlightPostTag: '</mark>',
    });
  });

  it('defaults: keyword only, limit 20, prefix on, no locales for Latin text', () => {
    expect(toMeiliSearchParams({ q: 'robot arm' }, ctx)).toEqual({
      q: 'robot arm',
      limit: 20,
      offset: 0,
      showRankingScore: true,
      matchingStrategy: 'frequency',
      attributesToHighlight: ['name', 'interests'],
      highlightPreTag: '<mark>',
      highlightPostTag: '</mark>',
    });
  });

  it('turns prefix search off with a trailing space', () => {
    expect(toMeiliSearchParams({ q: ' 电池 ', prefix: false }, ctx).q).toBe('电池 ');
    expect(toMeiliSearchParams({ q: '电池', prefix: true }, ctx).q).toBe('电池');
  });

  it('searches by vector alone with semanticRatio 1, and keeps the primary key retrievable', () => {
    expect(toMeiliSearchParams({ vector: [1, 0, 0], attributesToRetrieve: ['name'] }, ctx)).toEqual({
      limit: 20,
      offset: 0,
      showRankingScore: true,
      vector: [1, 0, 0],
      hybrid: { embedder: 'default', semanticRatio: 1 },
      retrieveVectors: true,
      attributesToRetrieve: ['name', 'id'],
    });
  });

  it('ignores a query vector on an index without vectors', () => {
    const plain = { ...ctx, vectorDimensions: undefined, chinese: false };
    expect(toMeiliSearchParams({ q: '电池', vector: [1, 0, 0] }, plain)).toEqual({
      q: '电池',
      limit: 20,
      offset: 0,
      showRankingScore: true,
      matchingStrategy: 'frequency',
      attributesToHighlight: ['name', 'interests'],
      highlightPreTag: '<mark>',
      highlightPostTag: '</mark>',
    });
  });
});

describe('fromMeiliSearchResponse', () => {
  const response: SearchResponse<Record<string, unknown>> = {
    hits: [
      {
        id: 'm1',
        name: '李四',
        interests: ['机器视觉', '缺陷检测'],
        _rankingScore: 0.875,
        _formatted: {
          id: 'm1',
          name: '李四',
          interests: ['<mark>机器视觉</mark>', '<mark>缺陷</mark><mark>检测</mark>'],
          summary: '面向<mark>机器视觉</mark>的工业检测',
        },
        _vectors: { default: { embeddings: [[1, 0, 0]], regenerate: false } },
      },
      { id: 42, name: 'Wang', interests: [], _rankingScore: 0.5, _formatted: { name: 'Wang' } },
    ],
    query: '机器视觉 缺陷检测',
    processingTimeMs: 3,
    limit: 20,
    offset: 0,
    estimatedTotalHits: 2,
    facetDistribution: { region: { 江苏: 1, 上海: 1 } },
  };

  it('maps scores, matched terms, highlights, semantic scores and facets', () => {
    const query: SearchQuery = {
      q: '机器视觉 缺陷检测',
      vector: [0.6, 0.8, 0],
      attributesToHighlight: ['interests', 'summary'],
    };
    expect(fromMeiliSearchResponse(response, query, ctx)).toEqual({
      hits: [
        {
          id: 'm1',
          score: 0.875,
          document: { id: 'm1', name: '李四', interests: ['机器视觉', '缺陷检测'] },
          matchedTerms: ['机器视觉', '缺陷', '检测'],
          highlights: {
            interests: '<mark>机器视觉</mark> <mark>缺陷</mark><mark>检测</mark>',
            summary: '面向<mark>机器视觉</mark>的工业检测',
          },
          semanticScore: 0.6,
        },
        {
          id: '42',
          score: 0.5,
          document: { id: 42, name: 'Wang', interests: [] },
          matchedTerms: [],
          highlights: {},
        },
      ],
      estimatedTotalHits: 2,
      facetDistribution: { region: { 江苏: 1, 上海: 1 } },
      processingTimeMs: 3,
    });
  });

  it('drops the primary key when it was not asked for', () => {
    const result = fromMeiliSearchResponse(response, { q: 'x', attributesToRetrieve: ['name'] }, ctx);
    expect(result.hits.map((h) => [h.id, h.document])).toEqual([
      ['m1', { name: '李四', interests: ['机器视觉', '缺陷检测'] }],
      ['42', { name: 'Wang', interests: [] }],
    ]);
  });

  it('reads marked terms from nested values, lower-cased and distinct', () => {
    expect(
      markedTerms({ a: 'x <mark>Robot</mark> y <mark>robot</mark>', b: { c: ['<mark>电池</mark>'] } }),
    ).toEqual(['robot', '电池']);
    expect(markedTerms(undefined)).toEqual([]);
  });

  it('computes cosine similarity', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([3, 4], [3, 4])).toBe(1);
    expect(cosine([1, 0], [1, 0, 0])).toBeUndefined();
    expect(cosine([0, 0], [1, 0])).toBeUndefined();
  });
});

describe('contextFromMeiliSettings', () => {
  it('recovers what the adapter needs from live settings', () => {
    expect(contextFromMeiliSettings('id', toMeiliSettings(mentorSettings), 'default')).toEqual({
      primaryKey: 'id',
      embedderName: 'default',
      vectorDimensions: 256,
      searchableAttributes: ['name', 'interests', 'publications'],
      chinese: true,
    });
    expect(
      contextFromMeiliSettings('uid', { searchableAttributes: ['*'], embedders: {} }, 'default'),
    ).toEqual({
      primaryKey: 'uid',
      embedderName: 'default',
      vectorDimensions: undefined,
      searchableAttributes: [],
      chinese: false,
    });
  });
});

function apiError(status: number, code: string, message: string): MeilisearchApiError {
  return new MeilisearchApiError(new Response(null, { status }), {
    message,
    code,
    type: 'invalid_request',
    link: '',
  });
}

describe('error mapping', () => {
  it('maps unreachable, slow and failing servers to SearchUnavailableError', () => {
    const refused = toSearchError(
      new MeilisearchRequestError('http://127.0.0.1:7700/health', new Error('ECONNREFUSED')),
      'health',
    );
    expect(refused).toBeInstanceOf(SearchUnavailableError);
    expect(refused.message).toBe('health: Meilisearch is unreachable (ECONNREFUSED)');
    const slow = toSearchError(
      new MeilisearchRequestError(
        'http://127.0.0.1:7700/indexes/cj_x/search',
        new MeilisearchRequestTimeOutError(500, {}),
      ),
      'search cj_x',
    );
    expect(slow).toBeInstanceOf(SearchUnavailableError);
    expect(slow.message).toBe('search cj_x: Meilisearch did not answer within 500 ms');
    const task = toSearchError(new MeilisearchTaskTimeOutError(7, 1000), 'upsert into cj_x');
    expect(task.message).toBe('upsert into cj_x: Meilisearch task 7 did not finish within 1000 ms');
    expect(toSearchError(apiError(503, 'unavailable', 'busy'), 'search')).toBeInstanceOf(
      SearchUnavailableError,
    );
  });

  it('maps rejected requests to SearchRequestError with the Meilisearch code', () => {
    const e = toSearchError(
      apiError(400, 'invalid_search_filter', 'Attribute `x` is not filterable.'),
      'search cj_x',
    );
    expect(e).toBeInstanceOf(SearchRequestError);
    expect((e as SearchRequestError).code).toBe('invalid_search_filter');
    expect(e.message).toBe('search cj_x: Attribute `x` is not filterable.');
    const denied = toSearchError(new MeilisearchApiError(new Response(null, { status: 403 })), 'health');
    expect((denied as SearchRequestError).code).toBe('http_403');
  });

  it('passes our own errors and unknown bugs through unchanged', () => {
    const ours = new SearchRequestError('x', 'y');
    expect(toSearchError(ours, 'z')).toBe(ours);
    const bug = new TypeError('undefined is not a function');
    expect(toSearchError(bug, 'z')).toBe(bug);
  });

  it('checks finished tasks', () => {
    const base = {
      uid: 12,
      indexUid: 'cj_x',
      type: 'documentAdditionOrUpdate',
      enqueuedAt: '',
      batchUid: 1,
      canceledBy: null,
      duration: null,
      startedAt: null,
      finishedAt: null,
    } as const;
    expect(() =>
      assertTaskSucceeded({ ...base, status: 'succeeded', error: null } as Task, 'upsert'),
    ).not.toThrow();
    const failed = {
      ...base,
      status: 'failed',
      error: {
        message: 'Document identifier `a b` is invalid.',
        code: 'invalid_document_id',
        type: 'invalid_request',
        link: '',
      },
    } as Task;
    expect(() => assertTaskSucceeded(failed, 'upsert into cj_x')).toThrow(
      new SearchRequestError(
        'upsert into cj_x: Meilisearch task 12 failed: Document identifier `a b` is invalid.',
        'invalid_document_id',
      ),
    );
    try {
      assertTaskSucceeded(failed, 'upsert');
    } catch (e) {
      expect((e as SearchRequestError).code).toBe('invalid_document_id');
    }
    expect(() => assertTaskSucceeded({ ...base, status: 'canceled', error: null } as Task, 'clear')).toThrow(
      'clear: Meilisearch task 12 ended as canceled',
    );
  });
});

describe('engine over the network', () => {
  // A port that was free a moment ago: connections to it are refused.
  let closedUrl = '';
  // A server that accepts requests and never answers, to exercise the request timeout.
  const silent = createServer(() => undefined);
  let silentUrl = '';

  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  it('reports a refused connection as unavailable', async () => {
    const engine = createMeilisearchEngine({ url: closedUrl });
    expect(engine.kind).toBe('meilisearch');
    await expect(engine.health()).rejects.toThrow(
      new SearchUnavailableError('health: Meilisearch is unreachable (fetch failed: ECONNREFUSED)'),
    );
    await expect(engine.search('mentors', { q: '电池' })).rejects.toBeInstanceOf(SearchUnavailableError);
    await expect(engine.upsert('mentors', [{ id: 'm1' }])).rejects.toBeInstanceOf(SearchUnavailableError);
  });

  it('reports a server that does not answer as unavailable after timeoutMs', async () => {
    const engine = createMeilisearchEngine({ url: silentUrl, timeoutMs: 200 });
    const started = Date.now();
    await expect(engine.count('mentors')).rejects.toThrow(
      new SearchUnavailableError('count cj_mentors: Meilisearch did not answer within 200 ms'),
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects index names that make an invalid uid before any request', async () => {
    const engine = createMeilisearchEngine({ url: closedUrl, prefix: 'test_' });
    await expect(engine.ensureIndex('导师', mentorSettings)).rejects.toThrow(
      new SearchRequestError('index name "导师" gives an invalid Meilisearch uid', 'invalid_index_uid'),
    );
    await expect(engine.delete('a b', ['x'])).rejects.toBeInstanceOf(SearchRequestError);
  });

  it('answers empty writes and reads without a round trip', async () => {
    const engine = createMeilisearchEngine({ url: closedUrl });
    await expect(engine.upsert('mentors', [])).resolves.toBeUndefined();
    await expect(engine.delete('mentors', [])).resolves.toBeUndefined();
    await expect(engine.get('mentors', [])).resolves.toEqual([]);
    await expect(engine.close()).resolves.toBeUndefined();
  });
});
