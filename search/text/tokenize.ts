import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

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

export function tokenize(text: string, mode: TokenizeMode = 'query'): string[] {
  const out: string[] = [];
  const lowered = text.normalize('NFKC').toLowerCase();
  const pieces = mode === 'index' ? segmenter().cutForSearch(lowered, true) : segmenter().cut(lowered, true);
  for (const raw of pieces) {
    const t = raw.trim();
    if (!t || STOP.has(t)) continue;
    if (!HAN.test(t) && !/[\p{L}\p{N}]/u.test(t)) continue; // punctuation, spaces
    out.push(t);
  }
  return out;
}
