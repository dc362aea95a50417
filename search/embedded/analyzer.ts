import { normalizeText } from '../text/normalize.ts';
import { stemEnglish } from '../text/stem.ts';
import { hasHan, isContentToken, isStopWord, segment } from '../text/tokenize.ts';
import { forEachBigram, isHanCodePoint } from './terms.ts';

/** A searchable attribute and its weight; earlier attributes weigh more (3, 2, 1.5, 1.25, …). */
export interface WeightedField {
  name: string;
  path: string[];
  weight: number;
}

export function weightedFields(searchable: string[]): WeightedField[] {
  return searchable.map((name, i) => ({ name, path: name.split('.'), weight: 1 + 2 * 0.5 ** i }));
}

/** Value at a dotted path; arrays along the way are flattened (Meilisearch's nested fields). */
export function valueAt(doc: unknown, path: string[]): unknown {
  let cur: unknown[] = [doc];
  for (const key of path) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (Array.isArray(v)) {
        for (const e of v)
          if (e !== null && typeof e === 'object' && key in e) next.push((e as Record<string, unknown>)[key]);
      } else if (v !== null && typeof v === 'object' && key in v)
        next.push((v as Record<string, unknown>)[key]);
    }
    if (next.length === 0) return undefined;
    cur = next;
  }
  return cur.length === 1 ? cur[0] : cur;
}

/** Every string (and number, as text) inside a value, depth first. */
export function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' && Number.isFinite(value)) out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) textsOf(v, out);
  return out;
}

/** Index and query form of a word token: normalised already; Latin plurals folded. */
export function termForm(token: string): string {
  return isHanCodePoint(token.codePointAt(0)!) || hasHan(token) ? token : stemEnglish(token);
}

/** Has a letter or digit (the hot path of indexing, so ASCII and common Han skip the regex). */
function contentful(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0x3400 && c <= 0x9fff))
      return true;
    if (c >= 0x80 && isContentToken(t)) return true;
  }
  return false;
}

/** Receives each term occurrence: a word (string) or a Han bigram key, with its attribute weight. */
export type TermSink = (key: string | number, weight: number) => void;

export interface DocumentLengths {
  /** Weighted number of word tokens and of bigrams, for BM25 length normalisation. */
  wordLength: number;
  bigramLength: number;
}

/**
 * Index-time analysis: jieba search-mode words (compounds and their sub-words, no HMM guess:
 * unknown words come out as single characters and are matched through bigrams) with stop
 * words and punctuation dropped and Latin plurals folded, plus Han character bigrams so any
 * Chinese substring matches. Each occurrence counts the attribute's weight.
 */
export function analyzeDocument(
  doc: Record<string, unknown>,
  fields: WeightedField[],
  sink: TermSink,
): DocumentLengths {
  let wordLength = 0;
  let bigramLength = 0;
  for (const field of fields) {
    const w = field.weight;
    const value = valueAt(doc, field.path);
    if (value === undefined) continue;
    for (const text of textsOf(value)) {
      const normalized = normalizeText(text);
      for (const raw of segment(normalized, 'index', false)) {
        if (!contentful(raw)) continue;
        const t =
          raw.length > 1 && (raw.charCodeAt(0) === 32 || raw.charCodeAt(raw.length - 1) === 32)
            ? raw.trim()
            : raw;
        if (isStopWord(t)) continue;
        sink(termForm(t), w);
        wordLength += w;
      }
      forEachBigram(normalized, (key) => {
        sink(key, w);
        bigramLength += w;
      });
    }
  }
  return { wordLength, bigramLength };
}

export interface QueryToken {
  /** Term form (normalised, plural-folded). */
  term: string;
  /** Normalised surface before folding, used for prefix expansion of the last token. */
  surface: string;
  han: boolean;
}

/**
 * Query-time analysis: jieba `cut` (no sub-words), stop words dropped unless nothing else is
 * left, and runs of single Han characters re-joined: jieba splits words it does not know into
 * single characters, and the joined run is then matched through bigrams.
 */
export function analyzeQuery(q: string): QueryToken[] {
  const normalized = normalizeText(q);
  const pieces = segment(normalized, 'query', false);
  const all: QueryToken[] = [];
  let run = '';
  const flush = () => {
    if (run) all.push({ term: run, surface: run, han: true });
    run = '';
  };
  for (const raw of pieces) {
    const t = raw.trim();
    if (!t || !isContentToken(t)) {
      flush();
      continue;
    }
    const han = hasHan(t);
    if (han && [...t].length === 1) {
      // Single characters (stop words too: "的制" is a substring of "材料的制备") re-join;
      // a lone stop character stays a stop word and is dropped below.
      run += t;
      continue;
    }
    flush();
    all.push({ term: han ? t : termForm(t), surface: t, han });
  }
  flush();
  const content = all.filter((t) => !isStopWord(t.term));
  const tokens = content.length > 0 ? content : all;
  const seen = new Set<string>();
  return tokens.filter((t) => (seen.has(t.term) ? false : (seen.add(t.term), true)));
}
