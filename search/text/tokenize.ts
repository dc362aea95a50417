import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeText } from './normalize.ts';

/**
 * Tokenizer shared by the embedded engine and the offline embedder, so both see the same terms.
 * Chinese runs are segmented with jieba (search mode emits sub-words when indexing); Latin
 * words are lower-cased; punctuation and a few function words are dropped.
 */

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const HAN = /\p{Script=Han}/u;
const CONTENT = /[\p{L}\p{N}]/u;
const STOP = new Set([
  '的',
  '了',
  '和',
  '与',
  '及',
  '或',
  '在',
  '是',
  '对',
  '为',
  '以',
  '中',
  '等',
  '其',
  '并',
  '将',
  '从',
  '由',
  '于',
  '被',
  '把',
  '这',
  '该',
  '一种',
  '我们',
  '本文',
  'the',
  'a',
  'an',
  'of',
  'and',
  'or',
  'in',
  'on',
  'for',
  'to',
  'with',
  'is',
  'are',
  'by',
  'at',
  'as',
  'be',
  'from',
]);

export type TokenizeMode = 'index' | 'query';

/** True for function words that carry no topic (的, the, …). */
export function isStopWord(token: string): boolean {
  return STOP.has(token);
}

/** True when the token contains a Han character. */
export function hasHan(token: string): boolean {
  return HAN.test(token);
}

/** True for tokens worth keeping: a letter or digit of any script (drops spaces and punctuation). */
export function isContentToken(token: string): boolean {
  return CONTENT.test(token);
}

/**
 * Raw jieba pieces of already-normalised text, in order, including spaces and punctuation:
 * `cutForSearch` (compounds plus their sub-words) when indexing, `cut` for queries.
 * `hmm` lets jieba guess words missing from its dictionary; without it such words come out as
 * single characters (20 % faster, and the search engine matches them through bigrams anyway).
 */
export function segment(normalized: string, mode: TokenizeMode, hmm = true): string[] {
  return mode === 'index' ? segmenter().cutForSearch(normalized, hmm) : segmenter().cut(normalized, hmm);
}

export function tokenize(text: string, mode: TokenizeMode = 'query'): string[] {
  const out: string[] = [];
  for (const raw of segment(normalizeText(text), mode)) {
    const t = raw.trim();
    if (!t || STOP.has(t)) continue;
    if (!CONTENT.test(t)) continue; // punctuation, spaces
    out.push(t);
  }
  return out;
}

/**
 * Character bigrams of every Han run, by code point. They index any Chinese substring, so a
 * term jieba's dictionary splits differently (or does not know) still matches.
 */
export function hanBigrams(normalized: string): string[] {
  const out: string[] = [];
  for (const run of normalized.matchAll(/\p{Script=Han}+/gu)) {
    const chars = Array.from(run[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}
