import {
  SearchRequestError,
  type IndexSettings,
  type SearchDocument,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SortRule,
} from '../engine.ts';
import {
  analyzeDocument,
  textsOf,
  valueAt,
  weightedFields,
  type DocumentLengths,
  type WeightedField,
} from './analyzer.ts';
import { Column } from './columns.ts';
import { evaluateFilter } from './filter.ts';
import { highlight } from './highlight.ts';
import { buildQueryTerms, parseSynonyms, type ParsedSynonyms, type QueryTerm } from './query-terms.ts';
import { Postings } from './postings.ts';
import { TermDictionary } from './terms.ts';
import { kthLargest, topBy, topByScore } from './topk.ts';
import { VectorStore } from './vectors.ts';

const K1 = 1.2;
const B = 0.75;
/** Meilisearch's document id rule, enforced here too so ids that work embedded also work there. */
const VALID_ID = /^[A-Za-z0-9_-]{1,511}$/;

export type Mode = 'placeholder' | 'keyword' | 'vector' | 'hybrid';

/**
 * One named index: documents, analysed postings, filter columns and vectors, by internal
 * document number (insertion order; an upsert gets a new number and the old one dies).
 *
 * Ranking (keyword): BM25F. Each attribute occurrence counts the attribute's weight (earlier
 * searchable attributes weigh more), saturation s = tf / (tf + k1·(1 − b + b·len/avglen)) ∈ [0, 1),
 * and score = Σ q_t·idf_t·w_route·s_t / Σ q_t·idf_t over the query terms (q_t = 1 for words,
 * BIGRAM_EVIDENCE for the query's Han bigrams; w_route < 1 for typo, prefix and bigram routes),
 * so it lies in [0, 1], rises with coverage of the query, and orders like BM25.
 *
 * Hybrid fusion: score = (1 − r)·kw/kw_max + r·max(0, cos), r = semanticRatio. BM25 has no
 * fixed scale (it grows with query length), so the keyword side is divided by the best
 * keyword score of the query; cosine already has one and stays absolute, so "nothing similar"
 * stays low. The result lies in [0, 1]; r = 0 ranks exactly like keyword search and r = 1
 * exactly like vector search (both are delegated to those paths).
 */
export class Collection {
  readonly settings: IndexSettings;
  private readonly fields: WeightedField[] | undefined;
  private readonly filterable: Set<string>;
  private readonly sortable: Set<string>;
  private readonly columns = new Map<string, Column>();
  private readonly synonyms: ParsedSynonyms;
  private readonly dict = new TermDictionary();
  private readonly postings = new Postings();
  private readonly vectors: VectorStore | undefined;

  private capacity = 0;
  /** High-water mark of internal numbers; live + dead = docCount. */
  private docCount = 0;
  private live = 0;
  private dead = 0;
  private alive = new Uint8Array(0);
  private wordLength = new Float32Array(0);
  private bigramLength = new Float32Array(0);
  private totalWordLength = 0;
  private totalBigramLength = 0;
  private stored: (Record<string, unknown> | undefined)[] = [];
  private externalIds: (string | undefined)[] = [];
  private byId = new Map<string, number>();

  // Per-query scratch sized to capacity. A search runs synchronously start to end, so one set
  // per index suffices; accumulators are reset after use (allocating 6–8 arrays of 100k
  // entries per query cost more than the scoring).
  private termBest = new Float32Array(0);
  private groupCount = new Uint16Array(0);
  private groupSum = new Float32Array(0);
  private touched = new Int32Array(0);
  private groupTouched = new Int32Array(0);
  private candidates = new Int32Array(0);
  private rescored = new Int32Array(0);
  /** Keyword score accumulator (zero between queries). */
  private keyword = new Float64Array(0);
  private fused = new Float64Array(0);
  private lower = new Float64Array(0);
  private upper = new Float64Array(0);

  constructor(settings: IndexSettings) {
    this.settings = structuredClone(settings);
    const searchable = settings.searchableAttributes;
    this.fields = searchable.includes('*') ? undefined : weightedFields(searchable);
    this.filterable = new Set(settings.filterableAttributes);
    this.sortable = new Set(settings.sortableAttributes);
    for (const name of new Set([...settings.filterableAttributes, ...settings.sortableAttributes])) {
      this.columns.set(name, new Column(name));
    }
    this.synonyms = parseSynonyms(settings.synonyms);
    this.vectors = settings.vectorDimensions ? new VectorStore(settings.vectorDimensions) : undefined;
    this.ensureCapacity(64);
  }

  get count(): number {
    return this.live;
  }

  // ───────────────────────────── writes ─────────────────────────────

  /** Checks a whole batch before any of it is applied, so a bad document fails the batch (as a Meilisearch task does). */
  validate(documents: SearchDocument[]): void {
    const pk = this.settings.primaryKey;
    for (const doc of documents) {
      const id = doc[pk];
      if (id === undefined || id === null) {
        throw new SearchRequestError(`Document does not have a \`${pk}\` attribute.`, 'missing_document_id');
      }
      if (!(
        (typeof id === 'number' && Number.isSafeInteger(id)) ||
        (typeof id === 'string' && VALID_ID.test(id))
      )) {
        throw new SearchRequestError(
          `Document identifier \`${JSON.stringify(id)}\` is invalid: use an integer or a string of [A-Za-z0-9_-], at most 511 bytes.`,
          'invalid_document_id',
        );
      }
      const v = doc._vector;
      if (v !== undefined && v !== null) {
        if (!this.vectors) {
          throw new SearchRequestError(
            'Index has no vectorDimensions but a document has a _vector.',
            'invalid_vector_dimensions',
          );
        }
        if (v.length !== this.vectors.dims) {
          throw new SearchRequestError(
            `Document ${String(id)} has a vector of ${v.length} dimensions, expected ${this.vectors.dims}.`,
            'invalid_vector_dimensions',
          );
        }
        for (let i = 0; i < v.length; i++) {
          if (!Number.isFinite(v[i]))
            throw new SearchRequestError(
              `Document ${String(id)} has a non-finite vector value.`,
              'invalid_document_vectors',
            );
        }
      }
    }
  }

  /** Adds or replaces one (validated) document. */
  put(document: SearchDocument): void {
    const { _vector: vector, ...rest } = document;
    // Stored deep-frozen: hits and get() hand out shallow copies, so callers may add or
    // replace top-level fields but cannot corrupt the index through nested values.
    const body = deepFreeze(structuredClone(rest) as Record<string, unknown>);
    const id = String(body[this.settings.primaryKey]);
    const old = this.byId.get(id);
    if (old !== undefined) this.remove(old);
    const doc = this.docCount++;
    this.ensureCapacity(this.docCount);
    const analysed = this.analyse(body, true);
    const tf = this.scratchTf;
    for (let i = 0; i < analysed.terms; i++) {
      const t = this.scratchIds[i]!;
      this.dict.df[t]!++;
      this.postings.add(t, doc, tf[t]!);
      tf[t] = 0;
    }
    this.wordLength[doc] = analysed.wordLength;
    this.bigramLength[doc] = analysed.bigramLength;
    this.totalWordLength += analysed.wordLength;
    this.totalBigramLength += analysed.bigramLength;
    for (const c of this.columns.values()) c.set(doc, body);
    if (vector !== undefined && vector !== null) this.vectors!.set(doc, vector);
    this.alive[doc] = 1;
    this.stored[doc] = body;
    this.externalIds[doc] = id;
    this.byId.set(id, doc);
    this.live++;
  }

  delete(id: string): void {
    const doc = this.byId.get(id);
    if (doc !== undefined) this.remove(doc);
  }

  vectorOf(id: string): Float32Array | undefined {
    const doc = this.byId.get(id);
    return doc !== undefined && this.vectors?.has[doc] ? this.vectors.vectorOf(doc) : undefined;
  }

  /** Live documents with their vectors, in insertion order (used to re-index on a settings change). */
  *entries(): Generator<SearchDocument> {
    for (let d = 0; d < this.docCount; d++) {
      if (!this.alive[d]) continue;
      const doc: SearchDocument = { ...this.stored[d]! };
      if (this.vectors?.has[d]) doc._vector = this.vectors.vectorOf(d);
      yield doc;
    }
  }

  private remove(doc: number): void {
    const body = this.stored[doc]!;
    // Re-analysing (deterministic) tells which terms lose a document, without keeping a forward index.
    const analysed = this.analyse(body, false);
    for (let i = 0; i < analysed.terms; i++) {
      const t = this.scratchIds[i]!;
      this.dict.df[t]!--;
      this.scratchTf[t] = 0;
    }
    this.totalWordLength -= this.wordLength[doc]!;
    this.totalBigramLength -= this.bigramLength[doc]!;
    for (const c of this.columns.values()) c.unset(doc);
    this.vectors?.remove(doc);
    this.alive[doc] = 0;
    this.byId.delete(this.externalIds[doc]!);
    this.stored[doc] = undefined;
    this.externalIds[doc] = undefined;
    this.live--;
    this.dead++;
  }

  clear(): void {
    this.dict.clear();
    this.postings.clear();
    for (const c of this.columns.values()) c.clear();
    this.vectors?.truncate(0);
    this.alive.fill(0);
    this.stored = [];
    this.externalIds = [];
    this.byId.clear();
    this.docCount = this.live = this.dead = 0;
    this.totalWordLength = this.totalBigramLength = 0;
  }

  /**
   * After a write batch: seal the delta log once it is large (geometric, so bulk loads
   * re-copy postings only a few times), and renumber once a quarter of the slots are dead.
   */
  maintain(): void {
    if (this.dead > 1000 && this.dead > this.docCount / 4) this.compact();
    else if (this.postings.deltaSize > Math.max(1 << 20, this.postings.sealedSize >> 1)) {
      this.postings.seal(this.alive, this.dict.size);
    }
  }

  /** Drops dead documents and unused terms, renumbering both in order. */
  compact(): void {
    const docMap = new Int32Array(this.docCount).fill(-1);
    let next = 0;
    for (let d = 0; d < this.docCount; d++) if (this.alive[d]) docMap[d] = next++;
    const termMap = this.dict.compact();
    this.postings.seal(this.alive, termMap.length, termMap, docMap);
    for (let d = 0; d < this.docCount; d++) {
      const to = docMap[d]!;
      if (to < 0 || to === d) continue;
      this.alive[to] = 1;
      this.wordLength[to] = this.wordLength[d]!;
      this.bigramLength[to] = this.bigramLength[d]!;
      this.stored[to] = this.stored[d];
      this.externalIds[to] = this.externalIds[d];
      this.byId.set(this.externalIds[to]!, to);
      for (const c of this.columns.values()) c.move(d, to);
      this.vectors?.move(d, to);
    }
    this.alive.fill(0, next);
    this.stored.length = next;
    this.externalIds.length = next;
    this.vectors?.truncate(next);
    for (const c of this.columns.values()) for (let d = next; d < this.docCount; d++) c.unset(d);
    this.docCount = next;
    this.dead = 0;
  }

  private scratchTf = new Float32Array(1024);
  private scratchIds = new Int32Array(1024);

  /**
   * Analyses a document into term ids: scratchIds[0, terms) are its distinct terms and
   * scratchTf[id] their weighted frequencies (callers reset scratchTf to 0 after use).
   * `intern` false only looks terms up (removal: they all exist).
   */
  private analyse(body: Record<string, unknown>, intern: boolean): DocumentLengths & { terms: number } {
    let terms = 0;
    const lengths = analyzeDocument(body, this.fieldsOf(body), (key, weight) => {
      const id = intern ? this.dict.intern(key) : this.dict.id(key)!;
      if (id >= this.scratchTf.length) {
        const tf = new Float32Array(Math.max(id + 1, this.scratchTf.length * 2));
        tf.set(this.scratchTf);
        this.scratchTf = tf;
      }
      if (this.scratchTf[id] === 0) {
        if (terms === this.scratchIds.length) {
          const ids = new Int32Array(terms * 2);
          ids.set(this.scratchIds);
          this.scratchIds = ids;
        }
        this.scratchIds[terms++] = id;
      }
      this.scratchTf[id]! += weight;
    });
    return { ...lengths, terms };
  }

  private fieldsOf(doc: Record<string, unknown>): WeightedField[] {
    return this.fields ?? weightedFields(Object.keys(doc)).map((f) => ({ ...f, weight: 1 }));
  }

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.max(n, Math.ceil(this.capacity * 1.5));
    const grow = <T extends Uint8Array | Float32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity);
      b.set(a);
      return b;
    };
    this.alive = grow(this.alive);
    this.wordLength = grow(this.wordLength);
    this.bigramLength = grow(this.bigramLength);
    this.termBest = new Float32Array(capacity);
    this.groupCount = new Uint16Array(capacity);
    this.groupSum = new Float32Array(capacity);
    this.touched = new Int32Array(capacity);
    this.groupTouched = new Int32Array(capacity);
    this.candidates = new Int32Array(capacity);
    this.rescored = new Int32Array(capacity);
    this.keyword = new Float64Array(capacity);
    this.keywordMatched = new Uint32Array(capacity);
    this.fused = new Float64Array(capacity);
    if (this.vectors) {
      this.lower = new Float64Array(capacity);
      this.upper = new Float64Array(capacity);
    }
    for (const c of this.columns.values()) c.ensureCapacity(capacity);
    this.vectors?.ensureCapacity(capacity);
    this.capacity = capacity;
  }

  // ───────────────────────────── reads ─────────────────────────────

  get(ids: string[]): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const doc = this.byId.get(String(id));
      if (doc === undefined || seen.has(id)) continue;
      seen.add(id);
      out.push({ ...this.stored[doc]! });
    }
    return out;
  }

  search(query: SearchQuery): SearchResult {
    const started = performance.now();
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 0) {
      throw new SearchRequestError('limit must be a non-negative integer.', 'invalid_search_limit');
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw new SearchRequestError('offset must be a non-negative integer.', 'invalid_search_offset');
    }
    const sort = query.sort ?? [];
    for (const rule of sort) {
      if (!this.sortable.has(rule.field)) {
        throw new SearchRequestError(
          `Attribute \`${rule.field}\` is not sortable. Sortable attributes: ${[...this.sortable].join(', ') || '(none)'}.`,
          'invalid_search_sort',
        );
      }
    }
    for (const f of query.facets ?? []) {
      if (!this.filterable.has(f)) {
        throw new SearchRequestError(
          `Attribute \`${f}\` is not filterable, so it cannot be a facet. Filterable attributes: ${[...this.filterable].join(', ') || '(none)'}.`,
          'invalid_search_facets',
        );
      }
    }
    const n = this.docCount;
    const mask = query.filter
      ? evaluateFilter(query.filter, this.columns, this.filterable, this.alive, n)
      : this.alive;
    const terms = query.q ? buildQueryTerms(query.q, this.dict, this.synonyms, query.prefix ?? true) : [];
    const unitQuery = query.vector ? this.queryVector(query.vector) : undefined;
    const ratio = query.semanticRatio ?? (unitQuery && terms.length > 0 ? 0.5 : unitQuery ? 1 : 0);
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new SearchRequestError('semanticRatio must be between 0 and 1.', 'invalid_search_semantic_ratio');
    }
    const mode: Mode =
      unitQuery && (terms.length === 0 || ratio >= 1)
        ? 'vector'
        : terms.length > 0 && (!unitQuery || ratio <= 0)
          ? 'keyword'
          : terms.length > 0
            ? 'hybrid'
            : 'placeholder';

    const k = offset + limit;
    const candidates = this.candidates;
    let count = 0;
    try {
      /** Final score per document (valid for ranked documents). */
      let score: Float64Array = this.fused;
      let order: Int32Array;
      const cosines = new Map<number, number>();
      const compareSort = sort.length > 0 ? this.sortComparator(sort) : undefined;

      if (mode === 'placeholder') {
        for (let d = 0; d < n; d++) if (mask[d]) candidates[count++] = d;
        order = compareSort
          ? topBy(candidates, count, k, compareSort)
          : candidates.slice(0, Math.min(k, count));
      } else if (mode === 'keyword') {
        count = this.keywordScores(terms, mask);
        score = this.keyword;
        const kw = score;
        order = compareSort
          ? topBy(candidates, count, k, (a, b) => compareSort(a, b) || kw[b]! - kw[a]! || a - b)
          : topByScore(candidates, count, kw, k);
      } else {
        const ranked = this.rankByVector(mode, terms, mask, unitQuery!, ratio, k, compareSort, cosines);
        count = ranked.count;
        order = ranked.order;
      }

      const page = order.subarray(Math.min(offset, order.length));
      const hits: SearchHit[] = [];
      for (const d of page) {
        const matched = mode === 'keyword' || mode === 'hybrid' ? this.matchedLabels(terms, d) : [];
        const hit: SearchHit = {
          id: this.externalIds[d]!,
          score: mode === 'placeholder' ? 1 : clamp01(score[d]!),
          document: this.project(this.stored[d]!, query.attributesToRetrieve),
          matchedTerms: matched,
        };
        if (query.attributesToHighlight?.length) {
          hit.highlights = this.highlights(this.stored[d]!, query.attributesToHighlight, new Set(matched));
        }
        const c = cosines.get(d);
        if (c !== undefined) hit.semanticScore = c;
        hits.push(hit);
      }
      const result: SearchResult = { hits, estimatedTotalHits: count, processingTimeMs: 0 };
      if (query.facets?.length) result.facetDistribution = this.facets(query.facets, candidates, count);
      result.processingTimeMs = Math.round(performance.now() - started);
      return result;
    } finally {
      // Scratch accumulators must be zero for the next query.
      if (mode === 'keyword' || mode === 'hybrid') {
        for (let i = 0; i < count; i++) {
          const d = candidates[i]!;
          this.keyword[d] = 0;
          this.keywordMatched[d] = 0;
        }
      }
    }
  }

  /**
   * Vector and hybrid ranking. The int8 first pass gives each candidate an interval that
   * surely holds its exact score; the k-th best lower bound is a floor for the true k-th
   * score, so only candidates whose upper bound reaches it are re-scored exactly (Float32),
   * and the top k is exact. Hybrid: fused = kwScale·kw + r·max(0, cos), monotone in cos.
   * Fills `candidates`, `fused` (ranked documents) and `cosines` (every re-scored document).
   */
  private rankByVector(
    mode: Mode,
    terms: QueryTerm[],
    mask: Uint8Array,
    unitQuery: Float32Array,
    ratio: number,
    k: number,
    compareSort: ((a: number, b: number) => number) | undefined,
    cosines: Map<number, number>,
  ): { order: Int32Array; count: number } {
    const n = this.docCount;
    const store = this.vectors!;
    const has = store.has;
    const { fused, candidates, keyword } = this;
    const hybrid = mode === 'hybrid';
    const r = hybrid ? ratio : 1;
    let count = 0;
    let kwScale = 0;
    if (hybrid) {
      count = this.keywordScores(terms, mask);
      let kwMax = 0;
      for (let i = 0; i < count; i++) kwMax = Math.max(kwMax, keyword[candidates[i]!]!);
      kwScale = kwMax > 0 ? (1 - r) / kwMax : 0;
    }
    const keywordCount = count;
    const { dots, queryScale, queryNorm, queryResidual } = store.firstPass(unitQuery, n);
    const scales = store.scales;
    const residuals = store.residuals;
    // Interval of each candidate's score, by candidate position (loops written out: this
    // runs over every document with a vector).
    const lo = this.lower;
    const hi = this.upper;
    for (let i = 0; i < keywordCount; i++) {
      const d = candidates[i]!;
      const kw = kwScale * keyword[d]!;
      if (!has[d]) {
        lo[i] = hi[i] = kw;
        continue;
      }
      const a = scales[d]! * queryScale * dots[d]!;
      const e = residuals[d]! * queryNorm + (1 + residuals[d]!) * queryResidual;
      lo[i] = kw + r * Math.max(0, a - e);
      hi[i] = kw + r * Math.max(0, a + e);
    }
    for (let d = 0; d < n; d++) {
      if (!mask[d] || !has[d] || (hybrid && keyword[d] !== 0)) continue;
      const a = scales[d]! * queryScale * dots[d]!;
      const e = residuals[d]! * queryNorm + (1 + residuals[d]!) * queryResidual;
      if (hybrid) {
        if (a + e <= 0) continue; // contributes nothing to the fused score
        lo[count] = r * Math.max(0, a - e);
        hi[count] = r * (a + e);
      } else {
        lo[count] = a - e;
        hi[count] = a + e;
      }
      candidates[count++] = d;
    }
    const exact = (d: number) => {
      let c = cosines.get(d);
      if (c === undefined) {
        c = has[d] ? store.exact(d, unitQuery) : 0;
        cosines.set(d, c);
      }
      return c;
    };
    const fuse = (d: number, c: number) => (hybrid ? kwScale * keyword[d]! + r * Math.max(0, c) : c);
    let order: Int32Array;
    if (compareSort) {
      // Sorted results need the vector score only to break ties; the interval midpoint does.
      for (let i = 0; i < count; i++) fused[candidates[i]!] = (lo[i]! + hi[i]!) / 2;
      order = topBy(candidates, count, k, (a, b) => compareSort(a, b) || fused[b]! - fused[a]! || a - b);
    } else {
      const floor = kthLargest(lo, count, k);
      const rescored = this.rescored;
      let m = 0;
      for (let i = 0; i < count; i++) {
        if (hi[i]! < floor) continue;
        const d = candidates[i]!;
        // A zero-width interval is already exact (no vector, or a zero query).
        fused[d] = lo[i] === hi[i] ? lo[i]! : fuse(d, exact(d));
        rescored[m++] = d;
      }
      order = topByScore(rescored, m, fused, k);
    }
    for (const d of order) fused[d] = hybrid ? fuse(d, exact(d)) : Math.max(0, exact(d));
    return { order, count };
  }

  private queryVector(vector: Float32Array | number[]): Float32Array {
    if (!this.vectors)
      throw new SearchRequestError(
        'This index has no vectors (no vectorDimensions in its settings).',
        'invalid_search_vector',
      );
    if (vector.length !== this.vectors.dims) {
      throw new SearchRequestError(
        `Query vector has ${vector.length} dimensions, expected ${this.vectors.dims}.`,
        'invalid_vector_dimensions',
      );
    }
    let norm = 0;
    for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
    if (!Number.isFinite(norm))
      throw new SearchRequestError('Query vector has non-finite values.', 'invalid_search_vector');
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return Float32Array.from(vector, (x) => x * inv);
  }

  /** Bit i set when query term i (< 32) matched the document, from the last keywordScores. */
  private keywordMatched = new Uint32Array(0);

  /**
   * Term-at-a-time BM25F into the `keyword` accumulator; returns how many documents matched
   * (listed in `candidates`). Per query term, the best alternative per document is kept (a
   * document matching "graph" and the prefix expansion "graphs" counts once); multi-term
   * alternatives (bigram fallback, multi-word synonyms) need every term and score their mean
   * saturation. Posting loops are written out (sealed slice, then delta chain) because a
   * callback per posting costs more than the arithmetic.
   */
  private keywordScores(terms: QueryTerm[], mask: Uint8Array): number {
    const N = Math.max(1, this.live);
    const avgWord = this.totalWordLength / N || 1;
    const avgBigram = this.totalBigramLength / N || 1;
    const idf = (df: number) => Math.log(1 + (N - df + 0.5) / (df + 0.5));
    let idfTotal = 0;
    for (const t of terms) idfTotal += t.weight * idf(t.df);
    const { termBest: best, groupCount, groupSum, touched, groupTouched, candidates, keyword: score } = this;
    const matched = this.keywordMatched;
    const docs = this.postings.docs;
    const tfs = this.postings.tfs;
    const logDocs = this.postings.logDocArray;
    const logTfs = this.postings.logTfArray;
    const logNext = this.postings.logNextArray;
    const kBase = K1 * (1 - B);
    let count = 0;
    terms.forEach((term, termIndex) => {
      const w = (term.weight * idf(term.df)) / idfTotal;
      const bit = termIndex < 32 ? 1 << termIndex : 0;
      const only = term.alternatives.length === 1 ? term.alternatives[0]! : undefined;
      if (only && only.terms.length === 1) {
        // One way to match (most terms: exact words, bigram evidence): accumulate directly.
        const t = only.terms[0]!;
        const lengths = only.bigram ? this.bigramLength : this.wordLength;
        const kNorm = (B * K1) / (only.bigram ? avgBigram : avgWord);
        const ww = w * only.weight;
        const [start, end] = this.postings.sealedRange(t);
        for (let i = start; i < end; i++) {
          const d = docs[i]!;
          if (!mask[d]) continue;
          const tf = tfs[i]!;
          if (score[d] === 0) candidates[count++] = d;
          score[d]! += (ww * tf) / (tf + kBase + kNorm * lengths[d]!);
          matched[d]! |= bit;
        }
        for (let i = this.postings.deltaHead(t); i >= 0; i = logNext[i]!) {
          const d = logDocs[i]!;
          if (!mask[d]) continue;
          const tf = logTfs[i]!;
          if (score[d] === 0) candidates[count++] = d;
          score[d]! += (ww * tf) / (tf + kBase + kNorm * lengths[d]!);
          matched[d]! |= bit;
        }
        return;
      }
      let touchedCount = 0;
      for (const alt of term.alternatives) {
        const lengths = alt.bigram ? this.bigramLength : this.wordLength;
        const kNorm = (B * K1) / (alt.bigram ? avgBigram : avgWord);
        const weight = alt.weight;
        if (alt.terms.length === 1) {
          const t = alt.terms[0]!;
          const [start, end] = this.postings.sealedRange(t);
          for (let i = start; i < end; i++) {
            const d = docs[i]!;
            if (!mask[d]) continue;
            const tf = tfs[i]!;
            const s = (weight * tf) / (tf + kBase + kNorm * lengths[d]!);
            if (best[d] === 0) touched[touchedCount++] = d;
            if (s > best[d]!) best[d] = s;
          }
          for (let i = this.postings.deltaHead(t); i >= 0; i = logNext[i]!) {
            const d = logDocs[i]!;
            if (!mask[d]) continue;
            const tf = logTfs[i]!;
            const s = (weight * tf) / (tf + kBase + kNorm * lengths[d]!);
            if (best[d] === 0) touched[touchedCount++] = d;
            if (s > best[d]!) best[d] = s;
          }
          continue;
        }
        // Conjunction: a document advances term by term; only those holding all count.
        let groupTouchedCount = 0;
        const size = alt.terms.length;
        for (let j = 0; j < size; j++) {
          const t = alt.terms[j]!;
          const [start, end] = this.postings.sealedRange(t);
          for (let i = start; i < end; i++) {
            const d = docs[i]!;
            if (!mask[d] || groupCount[d] !== j) continue;
            if (j === 0) groupTouched[groupTouchedCount++] = d;
            groupCount[d] = j + 1;
            const tf = tfs[i]!;
            groupSum[d]! += tf / (tf + kBase + kNorm * lengths[d]!);
          }
          for (let i = this.postings.deltaHead(t); i >= 0; i = logNext[i]!) {
            const d = logDocs[i]!;
            if (!mask[d] || groupCount[d] !== j) continue;
            if (j === 0) groupTouched[groupTouchedCount++] = d;
            groupCount[d] = j + 1;
            const tf = logTfs[i]!;
            groupSum[d]! += tf / (tf + kBase + kNorm * lengths[d]!);
          }
        }
        for (let i = 0; i < groupTouchedCount; i++) {
          const d = groupTouched[i]!;
          if (groupCount[d] === size) {
            const s = (weight * groupSum[d]!) / size;
            if (best[d] === 0) touched[touchedCount++] = d;
            if (s > best[d]!) best[d] = s;
          }
          groupCount[d] = 0;
          groupSum[d] = 0;
        }
      }
      for (let i = 0; i < touchedCount; i++) {
        const d = touched[i]!;
        if (score[d] === 0) candidates[count++] = d;
        score[d]! += w * best[d]!;
        best[d] = 0;
        matched[d]! |= bit;
      }
    });
    return count;
  }

  /**
   * Labels of every alternative `doc` satisfies (the terms it actually contains). The scoring
   * pass recorded which of the first 32 query terms matched; only terms with several
   * alternatives (or beyond 32) are looked up again.
   */
  private matchedLabels(terms: QueryTerm[], doc: number): string[] {
    const out = new Set<string>();
    const bits = this.keywordMatched[doc]!;
    terms.forEach((term, i) => {
      if (i < 32 && !(bits & (1 << i))) return;
      if (i < 32 && term.alternatives.length === 1) {
        for (const l of term.alternatives[0]!.labels) out.add(l);
        return;
      }
      for (const alt of term.alternatives) {
        if (alt.terms.every((t) => this.postings.tfOf(t, doc) > 0)) for (const l of alt.labels) out.add(l);
      }
    });
    return [...out];
  }

  /** Sort rules as a comparator: earlier rules first, documents without the value last (as Meilisearch). */
  private sortComparator(sort: SortRule[]): (a: number, b: number) => number {
    const rules = sort.map((r) => ({
      column: this.columns.get(r.field)!,
      desc: r.order === 'desc',
      order: r.order,
    }));
    return (a, b) => {
      for (const r of rules) {
        const x = r.column.sortKey(a, r.order);
        const y = r.column.sortKey(b, r.order);
        if (x === y) continue;
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        // Numbers before strings in either direction.
        if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
        const c = x < y ? -1 : 1;
        return r.desc ? -c : c;
      }
      return 0;
    };
  }

  private facets(
    names: string[],
    candidates: Int32Array,
    count: number,
  ): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of names) {
      const column = this.columns.get(name)!;
      const counts = new Int32Array(column.codeCount);
      const codes = column.codes;
      for (let i = 0; i < count; i++) {
        const d = candidates[i]!;
        const c = codes[d]!;
        if (c >= 0) counts[c]!++;
        else if (c <= -2) column.forEachCode(d, (x) => counts[x]!++);
      }
      const labels: [string, number][] = [];
      for (let c = 0; c < counts.length; c++)
        if (counts[c]! > 0) labels.push([column.labels[c]!, counts[c]!]);
      labels.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      out[name] = Object.fromEntries(labels);
    }
    return out;
  }

  private project(doc: Record<string, unknown>, attributes: string[] | undefined): Record<string, unknown> {
    if (!attributes || attributes.includes('*')) return { ...doc };
    const out: Record<string, unknown> = {};
    for (const a of attributes) if (a in doc) out[a] = doc[a];
    return out;
  }

  private highlights(
    doc: Record<string, unknown>,
    attributes: string[],
    matched: Set<string>,
  ): Record<string, string> {
    const names = attributes.includes('*')
      ? (this.fields?.map((f) => f.name) ?? Object.keys(doc))
      : attributes;
    const out: Record<string, string> = {};
    for (const name of names) {
      const value = valueAt(doc, name.split('.'));
      if (value === undefined || value === null) continue;
      const texts = textsOf(value);
      if (texts.length === 0) continue;
      out[name] = texts.map((t) => highlight(t, matched)).join(', ');
    }
    return out;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
