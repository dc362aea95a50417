import type { SearchParams, SearchResponse } from 'meilisearch';
import type { SearchHit, SearchQuery, SearchResult } from '../engine.ts';
import { fromMeiliDocument, readMeiliVector } from './documents.ts';
import { toMeiliFilter } from './filter.ts';

export const DEFAULT_LIMIT = 20;
export const HIGHLIGHT_PRE = '<mark>';
export const HIGHLIGHT_POST = '</mark>';

/** What the adapter knows about an index when it translates a query. */
export interface MeiliIndexContext {
  primaryKey: string;
  embedderName: string;
  /** Dimensions of the index's user-provided vectors; undefined = the index has none. */
  vectorDimensions?: number;
  /** Highlighted on every keyword query, so the matched terms of each hit can be read back. */
  searchableAttributes: readonly string[];
  /** The index has Chinese attributes: Chinese queries are then segmented as Chinese. */
  chinese: boolean;
}

const HAN = /\p{Script=Han}/u;

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Our query → the body of Meilisearch's POST /indexes/{uid}/search. */
export function toMeiliSearchParams(query: SearchQuery, ctx: MeiliIndexContext): SearchParams {
  const text = query.q?.trim() ?? '';
  const params: SearchParams = {
    limit: query.limit ?? DEFAULT_LIMIT,
    offset: query.offset ?? 0,
    showRankingScore: true,
  };

  if (text.length > 0) {
    // Meilisearch treats the last query word as a prefix unless another token follows it, so a
    // trailing space is how a query turns prefix matching off (milli parse_query.rs).
    params.q = query.prefix === false ? `${text} ` : text;
    // With long Chinese queries (a challenge's whole description) 'last' would drop the tail words
    // and 'all' would match nothing; 'frequency' drops the least informative words first.
    params.matchingStrategy = 'frequency';
    if (ctx.chinese && HAN.test(text)) params.locales = ['cmn'];
  }

  if (query.vector !== undefined && ctx.vectorDimensions !== undefined) {
    params.vector = Array.from(query.vector);
    params.hybrid = {
      embedder: ctx.embedderName,
      semanticRatio: query.semanticRatio ?? (text.length > 0 ? 0.5 : 1),
    };
    // Needed to report each hit's exact cosine similarity (SearchHit.semanticScore).
    params.retrieveVectors = true;
  }

  if (query.filter !== undefined) {
    const filter = toMeiliFilter(query.filter);
    if (filter !== undefined) params.filter = filter;
  }
  if (query.facets !== undefined && query.facets.length > 0) params.facets = [...query.facets];
  if (query.sort !== undefined && query.sort.length > 0) {
    params.sort = query.sort.map((s) => `${s.field}:${s.order}`);
  }
  if (query.attributesToRetrieve !== undefined) {
    // The primary key is needed for SearchHit.id; it is removed again if it was not asked for.
    params.attributesToRetrieve = unique([...query.attributesToRetrieve, ctx.primaryKey]);
  }

  const highlight = unique([
    ...(query.attributesToHighlight ?? []),
    ...(text.length > 0 ? ctx.searchableAttributes : []),
  ]);
  if (highlight.length > 0) {
    params.attributesToHighlight = highlight;
    params.highlightPreTag = HIGHLIGHT_PRE;
    params.highlightPostTag = HIGHLIGHT_POST;
  }
  return params;
}

const MARKED = /<mark>(.*?)<\/mark>/gsu;

/**
 * Distinct matched terms (lower-cased, in order of appearance) read from the <mark> tags of
 * `_formatted`. `_matchesPosition` is not used: its offsets mix bytes and characters on non-ASCII
 * text (meilisearch#3938), which would cut Chinese terms apart.
 */
export function markedTerms(formatted: unknown): string[] {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(MARKED)) {
        const term = (m[1] ?? '').trim().toLowerCase();
        if (term.length > 0) out.add(term);
      }
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const x of Object.values(v)) visit(x);
    }
  };
  visit(formatted);
  return [...out];
}

function highlightText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x): x is string => typeof x === 'string')) return v.join(' ');
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number | undefined {
  if (a.length !== b.length || a.length === 0) return undefined;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? undefined : dot / Math.sqrt(na * nb);
}

/** Meilisearch's search response → our SearchResult. */
export function fromMeiliSearchResponse(
  response: SearchResponse<Record<string, unknown>>,
  query: SearchQuery,
  ctx: MeiliIndexContext,
): SearchResult {
  const keepPrimaryKey =
    query.attributesToRetrieve === undefined || query.attributesToRetrieve.includes(ctx.primaryKey);
  const hits = response.hits.map((hit): SearchHit => {
    const document = fromMeiliDocument(hit);
    if (!keepPrimaryKey) delete document[ctx.primaryKey];
    const formatted = hit._formatted as Record<string, unknown> | undefined;
    const out: SearchHit = {
      id: String(hit[ctx.primaryKey]),
      score: hit._rankingScore ?? 0,
      document,
      matchedTerms: markedTerms(formatted),
    };
    if (query.attributesToHighlight !== undefined && query.attributesToHighlight.length > 0) {
      const highlights: Record<string, string> = {};
      for (const attr of query.attributesToHighlight) {
        const text = highlightText(formatted?.[attr]);
        if (text !== undefined) highlights[attr] = text;
      }
      out.highlights = highlights;
    }
    if (query.vector !== undefined) {
      const stored = readMeiliVector(hit, ctx.embedderName);
      const similarity = stored === undefined ? undefined : cosine(query.vector, stored);
      if (similarity !== undefined) out.semanticScore = similarity;
    }
    return out;
  });
  const result: SearchResult = {
    hits,
    estimatedTotalHits: response.estimatedTotalHits ?? response.totalHits ?? hits.length,
    processingTimeMs: response.processingTimeMs,
  };
  if (response.facetDistribution !== undefined) result.facetDistribution = response.facetDistribution;
  return result;
}
