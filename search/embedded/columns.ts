import { normalizeText } from '../text/normalize.ts';
import { valueAt } from './analyzer.ts';

/**
 * Column store for one filterable or sortable attribute, by internal document number.
 * Values are dictionary-encoded (equality, `in` and facet counts compare small integers) and
 * numbers are also kept in a Float64Array for ranges and sorting. Array attributes keep one
 * code per distinct element; a filter matches when any element does (as in Meilisearch).
 *
 * Equality keys follow Meilisearch: strings compare after NFKC + lower-casing, the number 3
 * and the string "3" are the same value, booleans are "true" / "false".
 */
export class Column {
  readonly path: string[];
  /** -1 absent or null, ≥ 0 a single code, ≤ -2 → multi[-2 - code]. */
  codes = new Int32Array(0);
  private multi: Int32Array[] = [];
  private freeMulti: number[] = [];
  /** Single numeric value, or NaN; arrays of numbers go to `multiNumbers`. */
  numbers = new Float64Array(0);
  private multiNumbers = new Map<number, Float64Array>();
  /** 1 when the attribute is present in the document (even as null, like Meilisearch EXISTS). */
  present = new Uint8Array(0);
  /** First string seen per document, for sorting strings. */
  private strings: (string | undefined)[] = [];
  private dict = new Map<string, number>();
  /** Display form of each code (first spelling seen), as Meilisearch returns facet values. */
  labels: string[] = [];

  constructor(readonly name: string) {
    this.path = name.split('.');
  }

  ensureCapacity(n: number): void {
    if (n <= this.codes.length) return;
    const codes = new Int32Array(n).fill(-1);
    codes.set(this.codes);
    this.codes = codes;
    const numbers = new Float64Array(n).fill(Number.NaN);
    numbers.set(this.numbers);
    this.numbers = numbers;
    const present = new Uint8Array(n);
    present.set(this.present);
    this.present = present;
  }

  /** Code of a filter value, or -1 if no document holds it. */
  codeOf(value: string | number | boolean): number {
    return this.dict.get(keyOf(value)) ?? -1;
  }

  get codeCount(): number {
    return this.labels.length;
  }

  set(doc: number, document: Record<string, unknown>): void {
    this.unset(doc);
    const raw = valueAt(document, this.path);
    if (raw === undefined) return;
    this.present[doc] = 1;
    const scalars: (string | number | boolean)[] = [];
    flatten(raw, scalars);
    const codes = new Set<number>();
    const nums: number[] = [];
    for (const v of scalars) {
      const key = keyOf(v);
      let code = this.dict.get(key);
      if (code === undefined) {
        code = this.labels.length;
        this.dict.set(key, code);
        this.labels.push(String(v));
      }
      codes.add(code);
      if (typeof v === 'number') nums.push(v);
      else if (typeof v === 'string' && this.strings[doc] === undefined) this.strings[doc] = v;
    }
    if (codes.size === 1) this.codes[doc] = codes.values().next().value!;
    else if (codes.size > 1) {
      const slot = this.freeMulti.pop() ?? this.multi.length;
      this.multi[slot] = Int32Array.from(codes);
      this.codes[doc] = -2 - slot;
    }
    if (nums.length === 1) this.numbers[doc] = nums[0]!;
    else if (nums.length > 1) this.multiNumbers.set(doc, Float64Array.from(nums));
  }

  unset(doc: number): void {
    const c = this.codes[doc]!;
    if (c <= -2) {
      this.multi[-2 - c] = new Int32Array(0);
      this.freeMulti.push(-2 - c);
    }
    this.codes[doc] = -1;
    this.numbers[doc] = Number.NaN;
    this.multiNumbers.delete(doc);
    this.present[doc] = 0;
    this.strings[doc] = undefined;
  }

  /** Calls `visit(code)` once per distinct value of `doc`. */
  forEachCode(doc: number, visit: (code: number) => void): void {
    const c = this.codes[doc]!;
    if (c >= 0) visit(c);
    else if (c <= -2) for (const x of this.multi[-2 - c]!) visit(x);
  }

  hasCode(doc: number, code: number): boolean {
    const c = this.codes[doc]!;
    if (c >= 0) return c === code;
    if (c <= -2) return this.multi[-2 - c]!.includes(code);
    return false;
  }

  /** True when some numeric value of `doc` satisfies `test`. */
  someNumber(doc: number, test: (x: number) => boolean): boolean {
    const x = this.numbers[doc]!;
    if (!Number.isNaN(x)) return test(x);
    const many = this.multiNumbers.get(doc);
    return many ? many.some(test) : false;
  }

  /**
   * Sort key: for numbers the smallest value ascending / largest descending, otherwise the
   * first string; undefined when the document has neither (such documents sort last).
   */
  sortKey(doc: number, order: 'asc' | 'desc'): number | string | undefined {
    const x = this.numbers[doc]!;
    if (!Number.isNaN(x)) return x;
    const many = this.multiNumbers.get(doc);
    if (many) {
      let best = many[0]!;
      for (const v of many) best = order === 'asc' ? Math.min(best, v) : Math.max(best, v);
      return best;
    }
    return this.strings[doc];
  }

  /** Moves `from` to `to` during compaction (to ≤ from). */
  move(from: number, to: number): void {
    if (from === to) return;
    this.codes[to] = this.codes[from]!;
    this.numbers[to] = this.numbers[from]!;
    this.present[to] = this.present[from]!;
    this.strings[to] = this.strings[from];
    const many = this.multiNumbers.get(from);
    this.multiNumbers.delete(to);
    if (many) {
      this.multiNumbers.set(to, many);
      this.multiNumbers.delete(from);
    }
    this.codes[from] = -1;
    this.numbers[from] = Number.NaN;
    this.present[from] = 0;
    this.strings[from] = undefined;
  }

  clear(): void {
    this.codes.fill(-1);
    this.numbers.fill(Number.NaN);
    this.present.fill(0);
    this.multi = [];
    this.freeMulti = [];
    this.multiNumbers.clear();
    this.strings = [];
    this.dict.clear();
    this.labels = [];
  }
}

function flatten(value: unknown, out: (string | number | boolean)[]): void {
  if (typeof value === 'string' || typeof value === 'boolean') out.push(value);
  else if (typeof value === 'number' && Number.isFinite(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) flatten(v, out);
}

function keyOf(value: string | number | boolean): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return normalizeText(value.trim());
}
