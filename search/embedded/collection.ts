import {
  SearchRequestError,
  type IndexSettings,
  type SearchDocument,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SortRule,
} from '../engine.ts';
import { analyzeDocument, textsOf, valueAt, weightedFields, type WeightedField } from './analyzer.ts';
import { Column } from './columns.ts';
import { evaluateFilter } from './filter.ts';
import { highlight } from './highlight.ts';
import { buildQueryTerms, parseSynonyms, type ParsedSynonyms, type QueryTerm } from './query-terms.ts';
import { Postings } from './postings.ts';
import { TermDictionary } from './terms.ts';
import { topBy, topByScore } from './topk.ts';
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
 * and score = Σ idf_t · w_alt · s_t / Σ idf_t over all query terms, so it lies in [0, 1], rises
 * with coverage of the query, and orders exactly like BM25.
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

  // Per-query scratch, reset after use (searches run one at a time on the event loop).
  private termBest = new Float32Array(0);
  private groupCount = new Uint8Array(0);
  private groupSum = new Float32Array(0);

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
    const body = structuredClone(rest) as Record<string, unknown>;
    const id = String(body[this.settings.primaryKey]);
    const old = this.byId.get(id);
    if (old !== undefined) this.remove(old);
    const doc = this.docCount++;
    this.ensureCapacity(this.docCount);
    const analysed = analyzeDocument(body, this.fieldsOf(body));
    for (const [term, tf] of analysed.terms) {
      const t = this.dict.intern(term);
      this.dict.df[t]!++;
      this.postings.add(t, doc, tf);
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
    const analysed = analyzeDocument(body, this.fieldsOf(body));
    for (const term of analysed.terms.keys()) this.dict.df[this.dict.id(term)!]!--;
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
    this.groupCount = new Uint8Array(capacity);
    this.groupSum = new Float32Array(capacity);
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
      out.push(structuredClone(this.stored[doc]!));
    }
    return out;
  }

  search(query: SearchQuery): SearchResult {
    const started = performance.now();
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 0)
      throw new SearchRequestError('limit must be a non-negative integer.', 'invalid_search_limit');
    if (!Number.isInteger(offset) || offset < 0)
      throw new SearchRequestError('offset must be a non-negative integer.', 'invalid_search_offset');
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
    if (!(ratio >= 0 && ratio <= 1))
      throw new SearchRequestError('semanticRatio must be between 0 and 1.', 'invalid_search_semantic_ratio');
    const mode: Mode =
      unitQuery && (terms.length === 0 || ratio >= 1)
        ? 'vector'
        : terms.length > 0 && (!unitQuery || ratio <= 0)
          ? 'keyword'
          : terms.length > 0
            ? 'hybrid'
            : 'placeholder';

    const k = offset + limit;
    const candidates = new Int32Array(n);
    let count = 0;
    /** Final score per document (valid for candidates). */
    let score: Float64Array;
    let order: Int32Array;
    let cosine: Float64Array | undefined;
    const compareSort = sort.length > 0 ? this.sortComparator(sort) : undefined;

    if (mode === 'placeholder') {
      for (let d = 0; d < n; d++) if (mask[d]) candidates[count++] = d;
      score = new Float64Array(0);
      order = compareSort
        ? topBy(candidates, count, k, compareSort)
        : candidates.slice(0, Math.min(k, count));
    } else if (mode === 'keyword') {
      score = this.keywordScores(terms, mask, candidates);
      count = this.keywordCount;
      order = compareSort
        ? topBy(candidates, count, k, (a, b) => compareSort(a, b) || score[b]! - score[a]! || a - b)
        : topByScore(candidates, count, score, k);
    } else {
      const store = this.vectors!;
      const approx = new Float64Array(n);
      const error = new Float64Array(n);
      store.scan(unitQuery!, n, approx, error);
      let keyword: Float64Array | undefined;
      let kwMax = 0;
      if (mode === 'hybrid') {
        keyword = this.keywordScores(terms, mask, candidates);
        count = this.keywordCount;
        for (let i = 0; i < count; i++) kwMax = Math.max(kwMax, keyword[candidates[i]!]!);
        // Add documents that only the vector side can bring in (cosine possibly > 0).
        for (let d = 0; d < n; d++) {
          if (mask[d] && store.has[d] && keyword[d] === 0 && approx[d]! + error[d]! > 0)
            candidates[count++] = d;
        }
      } else {
        for (let d = 0; d < n; d++) if (mask[d] && store.has[d]) candidates[count++] = d;
      }
      const r = mode === 'hybrid' ? ratio : 1;
      const kwPart = (d: number) => (keyword && kwMax > 0 ? ((1 - r) * keyword[d]!) / kwMax : 0);
      // Vector-only ranks by raw cosine; hybrid by the fused score (monotone in cosine).
      const fuse =
        mode === 'hybrid'
          ? (d: number, c: number) => kwPart(d) + r * Math.max(0, c)
          : (_d: number, c: number) => c;
      const lower = new Float64Array(n);
      const upper = new Float64Array(n);
      for (let i = 0; i < count; i++) {
        const d = candidates[i]!;
        lower[d] = fuse(d, approx[d]! - error[d]!);
        upper[d] = fuse(d, approx[d]! + error[d]!);
      }
      cosine = new Float64Array(n).fill(Number.NaN);
      const exact = (d: number) => {
        if (Number.isNaN(cosine![d]!)) cosine![d] = store.has[d] ? store.exact(d, unitQuery!) : 0;
        return cosine![d]!;
      };
      score = new Float64Array(n);
      if (compareSort) {
        // Sorted results only need the vector score to break ties; the first-pass estimate does.
        for (let i = 0; i < count; i++)
          score[candidates[i]!] = (lower[candidates[i]!]! + upper[candidates[i]!]!) / 2;
        order = topBy(candidates, count, k, (a, b) => compareSort(a, b) || score[b]! - score[a]! || a - b);
      } else {
        // Exact top k from approximate scores: the k-th best lower bound L is a floor for the
        // true k-th score, so only documents whose upper bound reaches L can be in the top k.
        const byLower = topByScore(candidates, count, lower, k);
        const floor = byLower.length === k ? lower[byLower[k - 1]!]! : Number.NEGATIVE_INFINITY;
        const rescored = new Int32Array(count);
        let m = 0;
        for (let i = 0; i < count; i++) {
          const d = candidates[i]!;
          if (upper[d]! >= floor) {
            score[d] = fuse(d, exact(d));
            rescored[m++] = d;
          }
        }
        order = topByScore(rescored, m, score, k);
      }
      for (const d of order) score[d] = mode === 'hybrid' ? fuse(d, exact(d)) : Math.max(0, exact(d));
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
      if (query.attributesToHighlight?.length)
        hit.highlights = this.highlights(this.stored[d]!, query.attributesToHighlight, new Set(matched));
      if (cosine && this.vectors?.has[d]) hit.semanticScore = cosine[d]!;
      hits.push(hit);
    }
    const result: SearchResult = { hits, estimatedTotalHits: count, processingTimeMs: 0 };
    if (query.facets?.length) result.facetDistribution = this.facets(query.facets, candidates, count);
    result.processingTimeMs = Math.round(performance.now() - started);
    return result;
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

  private keywordCount = 0;

  /**
   * Term-at-a-time BM25F into a dense score array. Per query term, the best alternative per
   * document is kept (a document matching "graph" and the prefix expansion "graphs" counts
   * once); multi-term alternatives (bigram fallback, multi-word synonyms) need every term and
   * score their mean saturation. Fills `candidates` with matching documents.
   */
  private keywordScores(terms: QueryTerm[], mask: Uint8Array, candidates: Int32Array): Float64Array {
    const n = this.docCount;
    const score = new Float64Array(n);
    const N = Math.max(1, this.live);
    const avgWord = this.totalWordLength / N || 1;
    const avgBigram = this.totalBigramLength / N || 1;
    const idf = (df: number) => Math.log(1 + (N - df + 0.5) / (df + 0.5));
    let idfTotal = 0;
    for (const t of terms) idfTotal += idf(t.df);
    const best = this.termBest;
    const groupCount = this.groupCount;
    const groupSum = this.groupSum;
    const touched = new Int32Array(n);
    const groupTouched = new Int32Array(n);
    const { docs, tfs } = this.postings;
    const logDocs = this.postings.logDocArray;
    const logTfs = this.postings.logTfArray;
    const logNext = this.postings.logNextArray;
    let count = 0;
    for (const term of terms) {
      const w = idf(term.df) / idfTotal;
      let touchedCount = 0;
      for (const alt of term.alternatives) {
        const lengths = alt.bigram ? this.bigramLength : this.wordLength;
        const kNorm = K1 / (alt.bigram ? avgBigram : avgWord);
        const kBase = K1 * (1 - B);
        if (alt.terms.length === 1) {
          const t = alt.terms[0]!;
          const weight = alt.weight;
          const visit = (d: number, tf: number) => {
            if (!mask[d]) return;
            const s = (weight * tf) / (tf + kBase + B * kNorm * lengths[d]!);
            if (best[d] === 0) touched[touchedCount++] = d;
            if (s > best[d]!) best[d] = s;
          };
          const [start, end] = this.postings.sealedRange(t);
          for (let i = start; i < end; i++) visit(docs[i]!, tfs[i]!);
          for (let i = this.postings.deltaHead(t); i >= 0; i = logNext[i]!) visit(logDocs[i]!, logTfs[i]!);
          continue;
        }
        // Conjunction: a document advances term by term; only those holding all count.
        let groupTouchedCount = 0;
        const size = alt.terms.length;
        for (let j = 0; j < size; j++) {
          const t = alt.terms[j]!;
          const visit = (d: number, tf: number) => {
            if (!mask[d] || groupCount[d] !== j) return;
            if (j === 0) groupTouched[groupTouchedCount++] = d;
            groupCount[d] = j + 1;
            groupSum[d]! += tf / (tf + kBase + B * kNorm * lengths[d]!);
          };
          const [start, end] = this.postings.sealedRange(t);
          for (let i = start; i < end; i++) visit(docs[i]!, tfs[i]!);
          for (let i = this.postings.deltaHead(t); i >= 0; i = logNext[i]!) visit(logDocs[i]!, logTfs[i]!);
        }
        for (let i = 0; i < groupTouchedCount; i++) {
          const d = groupTouched[i]!;
          if (groupCount[d] === size) {
            const s = (alt.weight * groupSum[d]!) / size;
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
      }
    }
    this.keywordCount = count;
    return score;
  }

  /** Labels of every alternative `doc` satisfies (the terms it actually contains). */
  private matchedLabels(terms: QueryTerm[], doc: number): string[] {
    const out = new Set<string>();
    for (const term of terms) {
      for (const alt of term.alternatives) {
        if (alt.terms.every((t) => this.postings.tfOf(t, doc) > 0)) for (const l of alt.labels) out.add(l);
      }
    }
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
    if (!attributes || attributes.includes('*')) return structuredClone(doc);
    const out: Record<string, unknown> = {};
    for (const a of attributes) if (a in doc) out[a] = structuredClone(doc[a]);
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

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
