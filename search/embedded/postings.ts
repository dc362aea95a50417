/**
 * Postings of one index: for every term, the documents holding it and a weighted term
 * frequency (attribute weights already folded in, BM25F-style).
 *
 * Two tiers, like a two-level LSM tree: a sealed tier in CSR form (one Uint32Array of
 * documents and one Float32Array of frequencies for all terms, sliced by `offsets`, 8 bytes a
 * posting) and an append-only delta log for documents added since the last seal, chained per
 * term (12 bytes a posting). Typed
 * arrays instead of a Map of arrays per term: an index of 100k mixed documents holds ~600k
 * distinct terms (words + Han bigrams), and per-term objects alone would cost >100 MB.
 * Documents are numbered in insertion order, so each term's documents are ascending in the
 * sealed tier and in log order in the delta, which `contains` relies on.
 */
export class Postings {
  /** Sealed tier: term t's entries are [offsets[t], offsets[t + 1]). */
  private offsets = new Uint32Array(1);
  private sealedDocs = new Uint32Array(0);
  private sealedTfs = new Float32Array(0);
  private sealedTerms = 0;
  /** Delta log, newest entry of term t at head[t], older ones through next[]. */
  private logDocs = new Uint32Array(1024);
  private logTfs = new Float32Array(1024);
  private logNext = new Int32Array(1024);
  private logSize = 0;
  private head = new Int32Array(1024).fill(-1);

  get sealedSize(): number {
    return this.sealedDocs.length;
  }

  get deltaSize(): number {
    return this.logSize;
  }

  add(term: number, doc: number, tf: number): void {
    if (term >= this.head.length) {
      const head = new Int32Array(Math.max(term + 1, this.head.length * 2)).fill(-1);
      head.set(this.head);
      this.head = head;
    }
    if (this.logSize === this.logDocs.length) {
      const n = this.logSize * 2;
      this.logDocs = growU32(this.logDocs, n);
      const tfs = new Float32Array(n);
      tfs.set(this.logTfs);
      this.logTfs = tfs;
      const next = new Int32Array(n);
      next.set(this.logNext);
      this.logNext = next;
    }
    const i = this.logSize++;
    this.logDocs[i] = doc;
    this.logTfs[i] = tf;
    this.logNext[i] = this.head[term]!;
    this.head[term] = i;
  }

  /** Calls `visit(doc, tf)` for every entry of `term` (dead documents included; callers skip them). */
  forEach(term: number, visit: (doc: number, tf: number) => void): void {
    if (term < this.sealedTerms) {
      const docs = this.sealedDocs;
      const tfs = this.sealedTfs;
      for (let i = this.offsets[term]!, end = this.offsets[term + 1]!; i < end; i++) visit(docs[i]!, tfs[i]!);
    }
    if (term < this.head.length) {
      for (let i = this.head[term]!; i >= 0; i = this.logNext[i]!) visit(this.logDocs[i]!, this.logTfs[i]!);
    }
  }

  /** Sealed slice of `term` as [start, end) into `docs`/`tfs`, for tight scoring loops. */
  sealedRange(term: number): [number, number] {
    return term < this.sealedTerms ? [this.offsets[term]!, this.offsets[term + 1]!] : [0, 0];
  }

  get docs(): Uint32Array {
    return this.sealedDocs;
  }

  get tfs(): Float32Array {
    return this.sealedTfs;
  }

  /** First delta-log entry of `term`, or -1; follow with `nextEntry`. */
  deltaHead(term: number): number {
    return term < this.head.length ? this.head[term]! : -1;
  }

  get logDocArray(): Uint32Array {
    return this.logDocs;
  }

  get logTfArray(): Float32Array {
    return this.logTfs;
  }

  get logNextArray(): Int32Array {
    return this.logNext;
  }

  /** Weighted frequency of `term` in `doc`, or 0. */
  tfOf(term: number, doc: number): number {
    if (term < this.sealedTerms) {
      let lo = this.offsets[term]!;
      let hi = this.offsets[term + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const d = this.sealedDocs[mid]!;
        if (d === doc) return this.sealedTfs[mid]!;
        if (d < doc) lo = mid + 1;
        else hi = mid;
      }
    }
    if (term < this.head.length) {
      // The log is newest-first and documents only grow, so stop once past `doc`.
      for (let i = this.head[term]!; i >= 0; i = this.logNext[i]!) {
        const d = this.logDocs[i]!;
        if (d === doc) return this.logTfs[i]!;
        if (d < doc) break;
      }
    }
    return 0;
  }

  /**
   * Folds the delta into a new sealed tier, dropping entries of dead documents.
   * `termMap` (old term → new term or -1) and `docMap` (old doc → new doc) renumber at the
   * same time; both must preserve order so term lists stay ascending.
   */
  seal(alive: Uint8Array, termCount: number, termMap?: Int32Array, docMap?: Int32Array): void {
    const newTermCount = termMap ? countMapped(termMap, termCount) : termCount;
    const counts = new Uint32Array(newTermCount + 1);
    const target = (t: number) => (termMap ? termMap[t]! : t);
    for (let t = 0; t < this.sealedTerms; t++) {
      const nt = target(t);
      if (nt < 0) continue;
      for (let i = this.offsets[t]!, end = this.offsets[t + 1]!; i < end; i++) {
        if (alive[this.sealedDocs[i]!]) counts[nt + 1]!++;
      }
    }
    for (let t = 0, end = Math.min(this.head.length, termCount); t < end; t++) {
      const nt = target(t);
      if (nt < 0) continue;
      for (let i = this.head[t]!; i >= 0; i = this.logNext[i]!)
        if (alive[this.logDocs[i]!]) counts[nt + 1]!++;
    }
    for (let t = 0; t < newTermCount; t++) counts[t + 1]! += counts[t]!;
    const total = counts[newTermCount]!;
    const docs = new Uint32Array(total);
    const tfs = new Float32Array(total);
    const fill = counts.slice(0, newTermCount);
    const mapDoc = (d: number) => (docMap ? docMap[d]! : d);
    for (let t = 0; t < this.sealedTerms; t++) {
      const nt = target(t);
      if (nt < 0) continue;
      for (let i = this.offsets[t]!, end = this.offsets[t + 1]!; i < end; i++) {
        const d = this.sealedDocs[i]!;
        if (!alive[d]) continue;
        const at = fill[nt]!++;
        docs[at] = mapDoc(d);
        tfs[at] = this.sealedTfs[i]!;
      }
    }
    // Delta chains run newest first: fill each term's delta slots from their end, so documents
    // come out ascending after the sealed ones.
    for (let t = 0, end = Math.min(this.head.length, termCount); t < end; t++) {
      const nt = target(t);
      if (nt < 0) continue;
      let at = counts[nt + 1]!;
      for (let i = this.head[t]!; i >= 0; i = this.logNext[i]!) {
        const d = this.logDocs[i]!;
        if (!alive[d]) continue;
        at--;
        docs[at] = mapDoc(d);
        tfs[at] = this.logTfs[i]!;
      }
    }
    this.offsets = counts;
    this.sealedDocs = docs;
    this.sealedTfs = tfs;
    this.sealedTerms = newTermCount;
    this.resetLog();
    this.head = new Int32Array(Math.max(1024, newTermCount)).fill(-1);
  }

  /** Empties the delta log and gives back its memory (it grew by doubling during bulk loads). */
  private resetLog(): void {
    this.logSize = 0;
    if (this.logDocs.length > 1 << 16) {
      this.logDocs = new Uint32Array(1 << 16);
      this.logTfs = new Float32Array(1 << 16);
      this.logNext = new Int32Array(1 << 16);
    }
  }

  clear(): void {
    this.offsets = new Uint32Array(1);
    this.sealedDocs = new Uint32Array(0);
    this.sealedTfs = new Float32Array(0);
    this.sealedTerms = 0;
    this.resetLog();
    this.head = new Int32Array(1024).fill(-1);
  }
}

function countMapped(termMap: Int32Array, termCount: number): number {
  let n = 0;
  for (let t = 0; t < termCount; t++) if (termMap[t]! >= 0) n = Math.max(n, termMap[t]! + 1);
  return n;
}

function growU32(a: Uint32Array, n: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(n);
  b.set(a);
  return b;
}
