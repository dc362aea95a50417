/**
 * The search contract. Shaped like Meilisearch's API so the Meilisearch adapter is a thin
 * translation and the embedded engine can be swapped in without callers noticing.
 * Filters are structured (not strings) so the embedded engine evaluates them directly and the
 * Meilisearch adapter renders them into its filter syntax in one tested place.
 */

export type FilterValue = string | number | boolean;

export type Filter =
  | { field: string; op: 'eq' | 'ne'; value: FilterValue }
  | { field: string; op: 'in'; values: FilterValue[] }
  | { field: string; op: 'gt' | 'gte' | 'lt' | 'lte'; value: number }
  | { field: string; op: 'exists' }
  | { and: Filter[] }
  | { or: Filter[] }
  | { not: Filter };

export interface IndexSettings {
  primaryKey: string;
  /** Ordered by importance: earlier attributes weigh more in ranking. */
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  /** Two-way and one-way synonyms, e.g. { 人工智能: ['AI'], AI: ['人工智能'] }. */
  synonyms?: Record<string, string[]>;
  /** Attributes holding Chinese text (segmented with jieba; Meilisearch gets localizedAttributes 'cmn'). */
  chineseAttributes?: string[];
  /** Dimensions of user-provided vectors; absent = index has no vectors. */
  vectorDimensions?: number;
}

/** A document: plain JSON fields plus an optional vector under `_vector`. */
export type SearchDocument = Record<string, unknown> & { _vector?: Float32Array | number[] };

export interface SortRule {
  field: string;
  order: 'asc' | 'desc';
}

export interface SearchQuery {
  q?: string;
  /** Query vector for semantic or hybrid search (same dimensions as the index). */
  vector?: Float32Array | number[];
  /** 0 = keyword only, 1 = vector only; defaults to 0.5 when both q and vector are given. */
  semanticRatio?: number;
  filter?: Filter;
  facets?: string[];
  sort?: SortRule[];
  limit?: number;
  offset?: number;
  /** Prefix-match the last query term (as-you-type). Default true. */
  prefix?: boolean;
  attributesToRetrieve?: string[];
  /** Wrap matched terms of these attributes in <mark>…</mark>. */
  attributesToHighlight?: string[];
}

export interface SearchHit {
  id: string;
  /** Ranking score in [0, 1], comparable within one query (Meilisearch `_rankingScore`). */
  score: number;
  document: Record<string, unknown>;
  /** Query terms found in the document (after segmentation / synonyms / typo tolerance). */
  matchedTerms: string[];
  /** Highlighted copies of the requested attributes. */
  highlights?: Record<string, string>;
  /** Cosine similarity to the query vector, when a vector was given. */
  semanticScore?: number;
}

export interface SearchResult {
  hits: SearchHit[];
  estimatedTotalHits: number;
  facetDistribution?: Record<string, Record<string, number>>;
  processingTimeMs: number;
}

export interface SearchEngine {
  readonly kind: 'embedded' | 'meilisearch';
  /** Create the index if missing and apply settings (idempotent). */
  ensureIndex(index: string, settings: IndexSettings): Promise<void>;
  upsert(index: string, documents: SearchDocument[]): Promise<void>;
  delete(index: string, ids: string[]): Promise<void>;
  /** Remove every document but keep settings (used by rebuilds). */
  clear(index: string): Promise<void>;
  search(index: string, query: SearchQuery): Promise<SearchResult>;
  /** Fetch documents by id (missing ids are skipped). */
  get(index: string, ids: string[]): Promise<Record<string, unknown>[]>;
  count(index: string): Promise<number>;
  /** Throws SearchUnavailableError when the engine cannot be reached. */
  health(): Promise<void>;
  close(): Promise<void>;
}

export class SearchUnavailableError extends Error {
  override readonly name = 'SearchUnavailableError';
}

export class SearchRequestError extends Error {
  override readonly name = 'SearchRequestError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
