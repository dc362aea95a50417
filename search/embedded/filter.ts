import { SearchRequestError, type Filter } from '../engine.ts';
import type { Column } from './columns.ts';

/**
 * Evaluates a structured filter into a byte mask over documents [0, n): 1 = live and passes.
 * Each operator is one pass over a column (a few hundred µs at 100k documents), so there is
 * no query planner; `not` is taken against the live set, so deleted documents never pass.
 */
export function evaluateFilter(
  filter: Filter,
  columns: ReadonlyMap<string, Column>,
  filterable: ReadonlySet<string>,
  alive: Uint8Array,
  n: number,
): Uint8Array {
  const column = (field: string): Column => {
    const c = filterable.has(field) ? columns.get(field) : undefined;
    if (!c) {
      throw new SearchRequestError(
        `Attribute \`${field}\` is not filterable. Filterable attributes: ${[...filterable].join(', ') || '(none)'}.`,
        'invalid_search_filter',
      );
    }
    return c;
  };
  const evaluate = (f: Filter): Uint8Array => {
    const out = new Uint8Array(n);
    if ('and' in f) {
      out.set(alive.subarray(0, n));
      for (const part of f.and) {
        const m = evaluate(part);
        for (let d = 0; d < n; d++) out[d]! &= m[d]!;
      }
      return out;
    }
    if ('or' in f) {
      for (const part of f.or) {
        const m = evaluate(part);
        for (let d = 0; d < n; d++) out[d]! |= m[d]!;
      }
      return out;
    }
    if ('not' in f) {
      const m = evaluate(f.not);
      for (let d = 0; d < n; d++) out[d] = alive[d]! & (m[d]! ^ 1);
      return out;
    }
    const c = column(f.field);
    switch (f.op) {
      case 'eq':
      case 'ne': {
        const code = c.codeOf(f.value);
        const codes = c.codes;
        const want = f.op === 'eq' ? 1 : 0;
        for (let d = 0; d < n; d++) {
          if (!alive[d]) continue;
          const x = codes[d]!;
          const has = x === code || (x <= -2 && code >= 0 && c.hasCode(d, code)) ? 1 : 0;
          out[d] = has === want ? 1 : 0;
        }
        return out;
      }
      case 'in': {
        const wanted = new Uint8Array(c.codeCount);
        let any = false;
        for (const v of f.values) {
          const code = c.codeOf(v);
          if (code >= 0) {
            wanted[code] = 1;
            any = true;
          }
        }
        if (!any) return out;
        const codes = c.codes;
        for (let d = 0; d < n; d++) {
          if (!alive[d]) continue;
          const x = codes[d]!;
          if (x >= 0) out[d] = wanted[x]!;
          else if (x <= -2) {
            let hit = 0;
            c.forEachCode(d, (code) => {
              hit |= wanted[code]!;
            });
            out[d] = hit;
          }
        }
        return out;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const v = f.value;
        const test =
          f.op === 'gt'
            ? (x: number) => x > v
            : f.op === 'gte'
              ? (x: number) => x >= v
              : f.op === 'lt'
                ? (x: number) => x < v
                : (x: number) => x <= v;
        const nums = c.numbers;
        for (let d = 0; d < n; d++) {
          if (!alive[d]) continue;
          const x = nums[d]!;
          out[d] = (Number.isNaN(x) ? c.someNumber(d, test) : test(x)) ? 1 : 0;
        }
        return out;
      }
      case 'exists': {
        for (let d = 0; d < n; d++) out[d] = alive[d]! & c.present[d]!;
        return out;
      }
    }
  };
  return evaluate(filter);
}
