import { SearchRequestError, type Filter } from '../engine.ts';
import type { Column } from './columns.ts';

/**
 * Evaluates a structured filter into a byte mask over documents [0, n): 1 = live and passes.
 * Each operator is one pass over a column restricted to the documents still in play (an `and`
 * narrows the domain for its next part), about 0.1–0.3 ms per operator at 100k documents, so
 * there is no query planner. `not` is taken against its domain, so deleted documents never pass.
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

  /** domain[d] && filter holds for d. */
  const apply = (f: Filter, domain: Uint8Array): Uint8Array => {
    if ('and' in f) {
      let current = domain;
      for (const part of f.and) current = apply(part, current);
      return current === domain ? domain.slice(0, n) : current;
    }
    if ('or' in f) {
      const out = new Uint8Array(n);
      for (const part of f.or) {
        const m = apply(part, domain);
        for (let d = 0; d < n; d++) out[d]! |= m[d]!;
      }
      return out;
    }
    if ('not' in f) {
      const m = apply(f.not, domain);
      const out = new Uint8Array(n);
      for (let d = 0; d < n; d++) out[d] = domain[d]! & (m[d]! ^ 1);
      return out;
    }
    const c = column(f.field);
    const out = new Uint8Array(n);
    switch (f.op) {
      case 'eq':
      case 'ne': {
        const code = c.codeOf(f.value);
        const codes = c.codes;
        const want = f.op === 'eq';
        for (let d = 0; d < n; d++) {
          if (!domain[d]) continue;
          const x = codes[d]!;
          const has = x === code || (x <= -2 && code >= 0 && c.hasCode(d, code));
          if (has === want) out[d] = 1;
        }
        return out;
      }
      case 'in': {
        const wanted = new Uint8Array(c.codeCount);
        for (const v of f.values) {
          const code = c.codeOf(v);
          if (code >= 0) wanted[code] = 1;
        }
        const codes = c.codes;
        for (let d = 0; d < n; d++) {
          if (!domain[d]) continue;
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
        const strict = f.op === 'gt' || f.op === 'lt';
        const above = f.op === 'gt' || f.op === 'gte';
        const test = (x: number) => (above ? (strict ? x > v : x >= v) : strict ? x < v : x <= v);
        const nums = c.numbers;
        for (let d = 0; d < n; d++) {
          if (!domain[d]) continue;
          const x = nums[d]!;
          if (x === x) {
            // not NaN: the common single-number case, inline
            if (above ? (strict ? x > v : x >= v) : strict ? x < v : x <= v) out[d] = 1;
          } else if (c.someNumber(d, test)) out[d] = 1;
        }
        return out;
      }
      case 'exists': {
        const present = c.present;
        for (let d = 0; d < n; d++) out[d] = domain[d]! & present[d]!;
        return out;
      }
    }
  };
  return apply(filter, alive);
}
