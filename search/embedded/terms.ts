import { IntMap } from './int-map.ts';
import { boundedEditDistance } from './typo.ts';

/** Marks bigram terms outside the packed range (astral-plane Han) in the word map. */
export const BIGRAM = '\u0001';

const LATIN_WORD = /^[a-z]+$/;

/** Han code points [0x3400, 0x9fff] (Extension A + Unified Ideographs) pack two to an SMI. */
const HAN_LO = 0x3400;
const HAN_SPAN = 0x9fff - HAN_LO + 1;

export function isHanCodePoint(cp: number): boolean {
  return (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x323af);
}

/**
 * Key of a Han bigram: a small integer when both characters are in the common range (integer
 * keys hash far faster than strings; an index of 100k Chinese documents holds ~500k distinct
 * bigrams), else the string BIGRAM + pair.
 */
export function bigramKey(a: number, b: number): number | string {
  if (a >= HAN_LO && a - HAN_LO < HAN_SPAN && b >= HAN_LO && b - HAN_LO < HAN_SPAN) {
    return (a - HAN_LO) * HAN_SPAN + (b - HAN_LO);
  }
  return BIGRAM + String.fromCodePoint(a, b);
}

/** Calls `visit(key)` for each pair of neighbouring Han characters in `text`. */
export function forEachBigram(text: string, visit: (key: number | string) => void): void {
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (isHanCodePoint(cp)) {
      if (prev >= 0) visit(bigramKey(prev, cp));
      prev = cp;
    } else prev = -1;
  }
}

/**
 * Term dictionary of one index: term → dense id, live document frequency per id, and two
 * lookups over words (not bigrams) for query expansion: a sorted list for prefixes
 * (as-you-type) and buckets by (first letter, length) for typo tolerance.
 */
export class TermDictionary {
  private words = new Map<string, number>();
  private bigrams = new IntMap(1 << 16);
  /** Key of each id: a word, a packed bigram, or BIGRAM + pair. */
  private keys: (string | number)[] = [];
  df = new Int32Array(1024);
  private sorted: string[] = [];
  /** Words added since `sorted` was built; merged in once they are an eighth of it. */
  private pending: string[] = [];
  private typoBuckets = new Map<string, string[]>();

  get size(): number {
    return this.keys.length;
  }

  /** Id of a word or bigram key, if known. */
  id(key: string | number): number | undefined {
    return typeof key === 'number' ? this.bigrams.get(key) : this.words.get(key);
  }

  intern(key: string | number): number {
    let id = typeof key === 'number' ? this.bigrams.get(key) : this.words.get(key);
    if (id !== undefined) return id;
    id = this.keys.length;
    this.keys.push(key);
    if (id >= this.df.length) {
      const df = new Int32Array(this.df.length * 2);
      df.set(this.df);
      this.df = df;
    }
    if (typeof key === 'number') {
      this.bigrams.set(key, id);
      return id;
    }
    this.words.set(key, id);
    if (key.charCodeAt(0) !== 1) {
      this.pending.push(key);
      if (this.pending.length > Math.max(4096, this.sorted.length >> 3)) this.mergePending();
      if (key.length >= 4 && LATIN_WORD.test(key)) {
        const bucket = bucketKey(key[0]!, key.length);
        const list = this.typoBuckets.get(bucket);
        if (list) list.push(key);
        else this.typoBuckets.set(bucket, [key]);
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

  private live(word: string): boolean {
    return this.df[this.words.get(word)!]! > 0;
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
    const live = found.filter((w) => w !== prefix && this.live(w));
    if (live.length <= limit) return live;
    const df = (w: string) => this.df[this.words.get(w)!]!;
    return live.sort((a, b) => df(b) - df(a) || (a < b ? -1 : 1)).slice(0, limit);
  }

  /**
   * Latin words within `max` typos of `word`, with their distance. Like Meilisearch, a typo
   * on the first letter counts double, so candidates share the first letter (for two-typo
   * words a first-letter substitution with the rest exact is also accepted).
   */
  withTypos(word: string, max: number): { term: string; distance: number }[] {
    const out: { term: string; distance: number }[] = [];
    if (max <= 0 || !LATIN_WORD.test(word)) return out;
    const rest = word.slice(1);
    for (let len = word.length - max; len <= word.length + max; len++) {
      const bucket = this.typoBuckets.get(bucketKey(word[0]!, len));
      if (!bucket) continue;
      for (const t of bucket) {
        if (t === word || !this.live(t)) continue;
        const d = boundedEditDistance(rest, t.slice(1), max);
        if (d <= max) out.push({ term: t, distance: d });
      }
    }
    if (max >= 2) {
      for (const [key, bucket] of this.typoBuckets) {
        if (key[0] === word[0] || !key.endsWith(`\u0000${word.length}`)) continue;
        for (const t of bucket) if (t.endsWith(rest) && this.live(t)) out.push({ term: t, distance: 2 });
      }
    }
    return out;
  }

  clear(): void {
    this.words.clear();
    this.bigrams.clear();
    this.keys = [];
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
    const map = new Int32Array(this.keys.length).fill(-1);
    const kept: { key: string | number; df: number }[] = [];
    for (let id = 0; id < this.keys.length; id++) {
      if (this.df[id]! > 0) {
        map[id] = kept.length;
        kept.push({ key: this.keys[id]!, df: this.df[id]! });
      }
    }
    this.clear();
    for (const { key, df } of kept) this.df[this.intern(key)] = df;
    this.mergePending();
    return map;
  }
}

function bucketKey(first: string, length: number): string {
  return `${first}\u0000${length}`;
}
