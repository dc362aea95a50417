import type { Filter, FilterValue } from '../engine.ts';
import { SearchRequestError } from '../engine.ts';

/**
 * Renders the engine's structured filters into Meilisearch's filter syntax.
 *
 * Quoting follows Meilisearch's filter parser (crates/filter-parser/src/value.rs): a double-quoted
 * value first has `\"` turned into `"`, then backslash escapes are decoded, so escaping `\` as `\\`
 * and `"` as `\"` round-trips any string, Chinese included. Strings are always quoted, so values that
 * look like keywords (AND, NOT, EXISTS…) or contain spaces and brackets stay plain data.
 */

/** What a filter means after folding empty groups: everything, nothing, or an expression. */
export type CompiledFilter =
  { kind: 'all' } | { kind: 'none' } | { kind: 'expr'; expr: string; compound: boolean };

const ALL: CompiledFilter = { kind: 'all' };
const NONE: CompiledFilter = { kind: 'none' };

const PLAIN_FIELD = /^[A-Za-z_][A-Za-z0-9_.-]*$/u;
const KEYWORDS = new Set([
  'AND',
  'OR',
  'IN',
  'NOT',
  'TO',
  'EXISTS',
  'IS',
  'NULL',
  'EMPTY',
  'CONTAINS',
  'STARTS',
  'WITH',
  '_geoRadius',
  '_geoBoundingBox',
]);

export function quoteFilterString(value: string): string {
  return `"${value.replace(/\\/gu, '\\\\').replace(/"/gu, '\\"')}"`;
}

function field(name: string): string {
  if (name.length === 0) throw new SearchRequestError('filter field name is empty', 'invalid_filter');
  return PLAIN_FIELD.test(name) && !KEYWORDS.has(name) ? name : quoteFilterString(name);
}

function numberLiteral(n: number): string {
  if (!Number.isFinite(n)) {
    throw new SearchRequestError(`filter value ${n} is not a finite number`, 'invalid_filter');
  }
  const s = String(n);
  // Exponents ("1e+21") are not bare words in the grammar; quoted, the parser still reads a float.
  return /^-?\d+(\.\d+)?$/u.test(s) ? s : quoteFilterString(s);
}

function value(v: FilterValue): string {
  if (typeof v === 'string') return quoteFilterString(v);
  if (typeof v === 'number') return numberLiteral(v);
  // Meilisearch indexes booleans as the facet strings "true" / "false".
  return v ? 'true' : 'false';
}

function expr(text: string, compound: boolean): CompiledFilter {
  return { kind: 'expr', expr: text, compound };
}

function grouped(f: CompiledFilter & { kind: 'expr' }): string {
  return f.compound ? `(${f.expr})` : f.expr;
}

export function compileMeiliFilter(filter: Filter): CompiledFilter {
  if ('and' in filter) {
    const parts: (CompiledFilter & { kind: 'expr' })[] = [];
    for (const child of filter.and) {
      const c = compileMeiliFilter(child);
      if (c.kind === 'none') return NONE;
      if (c.kind === 'expr') parts.push(c);
    }
    if (parts.length === 0) return ALL;
    if (parts.length === 1 && parts[0] !== undefined) return parts[0];
    return expr(parts.map(grouped).join(' AND '), true);
  }
  if ('or' in filter) {
    const parts: (CompiledFilter & { kind: 'expr' })[] = [];
    for (const child of filter.or) {
      const c = compileMeiliFilter(child);
      if (c.kind === 'all') return ALL;
      if (c.kind === 'expr') parts.push(c);
    }
    if (parts.length === 0) return NONE;
    if (parts.length === 1 && parts[0] !== undefined) return parts[0];
    return expr(parts.map(grouped).join(' OR '), true);
  }
  if ('not' in filter) {
    const c = compileMeiliFilter(filter.not);
    if (c.kind === 'all') return NONE;
    if (c.kind === 'none') return ALL;
    return expr(`NOT ${grouped(c)}`, false);
  }
  const f = field(filter.field);
  switch (filter.op) {
    case 'eq':
      return expr(`${f} = ${value(filter.value)}`, false);
    case 'ne':
      return expr(`${f} != ${value(filter.value)}`, false);
    case 'gt':
      return expr(`${f} > ${numberLiteral(filter.value)}`, false);
    case 'gte':
      return expr(`${f} >= ${numberLiteral(filter.value)}`, false);
    case 'lt':
      return expr(`${f} < ${numberLiteral(filter.value)}`, false);
    case 'lte':
      return expr(`${f} <= ${numberLiteral(filter.value)}`, false);
    case 'in':
      // `IN []` is valid Meilisearch syntax and matches nothing, like an empty set should.
      return expr(`${f} IN [${filter.values.map(value).join(', ')}]`, false);
    case 'exists':
      return expr(`${f} EXISTS`, false);
  }
}

/**
 * The Meilisearch filter string, or undefined when the filter restricts nothing (e.g. `{ and: [] }`).
 * A filter that can never match (`{ or: [] }`) has no string form: it throws, and the engine answers
 * such searches itself with no hits (see compileMeiliFilter).
 */
export function toMeiliFilter(filter: Filter): string | undefined {
  const c = compileMeiliFilter(filter);
  if (c.kind === 'all') return undefined;
  if (c.kind === 'none') throw new SearchRequestError('filter can never match', 'unsatisfiable_filter');
  return c.expr;
}
