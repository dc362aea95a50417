import { boundedEditDistance } from './typo.ts';

/** Bigram terms live in the same dictionary under this prefix, apart from words. */
export const BIGRAM = '\u0001';

const LATIN_WORD = /^[a-z]+$/;

/**
 * Term dictionary of one index: term → dense id, live document frequency per id, and two
 * lookups over words (not bigrams) for query expansion: a sorted list for prefixes
 * (as-you-type) and buckets by (first letter, length) for typo tolerance.
 */
export class TermDictionary {
  private ids = new Map<string, number>();
  private strings: string[] = [];
  df = new Int32Array(1024);
  private sorted: string[] = [];
  /** Words added since `sorted` was built; merged in when it grows past a few thousand. */
  private pending: string[] = [];
  private typoBuckets = new Map<string, string[]>();

  get size(): number {
    return this.strings.length;
  }

  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  term(id: number): string {
    return this.strings[id]!;
  }

  intern(term: string): number {
    let id = this.ids.get(term);
    if (id !== undefined) return id;
    id = this.strings.length;
    this.ids.set(term, id);
    this.strings.push(term);
    if (id >= this.df.length) {
      const df = new Int32Array(this.df.length * 2);
      df.set(this.df);
      this.df = df;
    }
    if (term.charCodeAt(0) !== 1) {
      this.pending.push(term);
      if (this.pending.length > Math.max(4096, this.sorted.length >> 3)) this.mergePending();
      if (LATIN_WORD.test(term) && term.length >= 4) {
        const key = bucketKey(term[0]!, term.length);
        const bucket = this.typoBuckets.get(key);
        if (bucket) bucket.push(term);
        else this.typoBuckets.set(key, [term]);
      }
    }
    return id;
  }

  /** Linear merge of the sorted pending words into `sorted`. */
  private mergePending(): void {
    const add = this.pending.sort();
    const old = this.sorted;
    const out = new Array<string>(old.length + add.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < add.length) out[k++] = old[i]! < add[j]! ? old[i++]! : add[j++]!;
    while (i < old.length) out[k++] = old[i++]!;
    while (j < add.length) out[k++] = add[j++]!;
    this.sorted = out;
    this.pending = [];
  }

  /**
   * Up to `limit` words starting with `prefix` (excluding `prefix` itself), most frequent
   * first: a short prefix such as "a" would otherwise expand to thousands of words.
   */
  withPrefix(prefix: string, limit: number): string[] {
    const found: string[] = [];
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++)
      found.push(this.sorted[i]!);
    for (const w of this.pending) if (w.startsWith(prefix)) found.push(w);
    const live = found.filter((w) => w !== prefix && this.df[this.ids.get(w)!]! > 0);
    if (live.length <= limit) return live;
    return live
      .sort((a, b) => this.df[this.ids.get(b)!]! - this.df[this.ids.get(a)!]! || (a < b ? -1 : 1))
      .slice(0, limit);
  }

  /**
   * Latin words within `max` typos of `word`, with their distance. Like Meilisearch, a typo
   * on the first letter counts double, so candidates share the first letter (for two-typo
   * words a first-letter substitution with the rest exact is also accepted).
   */
  withTypos(word: string, max: number): { term: string; distance: number }[] {
    const out: { term: string; distance: number }[] = [];
    if (max <= 0 || !LATIN_WORD.test(word)) return out;
    for (let len = word.length - max; len <= word.length + max; len++) {
      const bucket = this.typoBuckets.get(bucketKey(word[0]!, len));
      if (!bucket) continue;
      for (const t of bucket) {
        if (t === word || this.df[this.ids.get(t)!]! <= 0) continue;
        const d = boundedEditDistance(word.slice(1), t.slice(1), max);
        if (d <= max) out.push({ term: t, distance: d });
      }
    }
    if (max >= 2) {
      const rest = word.slice(1);
      for (const [key, bucket] of this.typoBuckets) {
        if (!key.endsWith(`\u0000${word.length}`) || key[0] === word[0]) continue;
        for (const t of bucket)
          if (t.endsWith(rest) && this.df[this.ids.get(t)!]! > 0) out.push({ term: t, distance: 2 });
      }
    }
    return out;
  }

  clear(): void {
    this.ids.clear();
    this.strings = [];
    this.df = new Int32Array(1024);
    this.sorted = [];
    this.pending = [];
    this.typoBuckets.clear();
  }

  /**
   * Drops terms no live document holds; returns old id → new id (or -1). Order-preserving,
   * so postings can be renumbered in one pass.
   */
  compact(): Int32Array {
    const map = new Int32Array(this.strings.length).fill(-1);
    const kept: { term: string; df: number }[] = [];
    for (let id = 0; id < this.strings.length; id++) {
      if (this.df[id]! > 0) {
        map[id] = kept.length;
        kept.push({ term: this.strings[id]!, df: this.df[id]! });
      }
    }
    this.clear();
    for (const { term, df } of kept) this.df[this.intern(term)] = df;
    this.mergePending();
    return map;
  }
}

function bucketKey(first: string, length: number): string {
  return `${first}\u0000${length}`;
}
