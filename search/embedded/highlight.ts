import { normalizeWithOffsets } from '../text/normalize.ts';
import { hasHan } from '../text/tokenize.ts';
import { termForm } from './analyzer.ts';

const LATIN_OR_DIGIT_RUN = /[\p{Script=Latin}\p{N}]+/gu;

/**
 * Wraps matched terms of `text` in <mark>…</mark>. Latin terms mark whole words whose term
 * form (lower-cased, plural-folded) is a matched term; Chinese terms mark every occurrence
 * of the matched string, since jieba may have cut the text elsewhere than the query.
 * The text is not HTML-escaped, like Meilisearch's `_formatted`: render it as HTML only after
 * escaping everything but the marks.
 */
export function highlight(text: string, matched: ReadonlySet<string>): string {
  if (matched.size === 0 || text.length === 0) return text;
  const norm = normalizeWithOffsets(text);
  const spans: [number, number][] = [];
  for (const m of norm.text.matchAll(LATIN_OR_DIGIT_RUN)) {
    if (matched.has(termForm(m[0])) || matched.has(m[0])) spans.push([m.index, m.index + m[0].length]);
  }
  for (const term of matched) {
    if (!hasHan(term)) continue;
    for (let at = norm.text.indexOf(term); at >= 0; at = norm.text.indexOf(term, at + 1)) {
      spans.push([at, at + term.length]);
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < spans.length) {
    const s = spans[i]![0];
    let e = spans[i]![1];
    while (++i < spans.length && spans[i]![0] <= e) e = Math.max(e, spans[i]![1]);
    const from = norm.start[s]!;
    const to = norm.end[e - 1]!;
    out += `${text.slice(cursor, from)}<mark>${text.slice(from, to)}</mark>`;
    cursor = to;
  }
  return out + text.slice(cursor);
}
