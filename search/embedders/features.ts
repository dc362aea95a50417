import { tokenize } from '../text/tokenize.ts';

/**
 * Sparse lexical features for the offline embedder: the shared jieba tokens (search mode, so
 * compounds also emit their sub-words) plus Han character bigrams. Bigrams give the model a
 * handle on words jieba's dictionary does not know (new technical terms are the norm here);
 * they live in their own namespace so a bigram and the identical two-character word are
 * separate columns the SVD can weigh differently.
 */

/** Prefix that keeps bigram features apart from word features. */
export const BIGRAM_PREFIX = '\u0002';

const HAN_RUN = /\p{Script=Han}+/gu;

/** Counts of every feature in `text`. Deterministic; order of insertion follows the text. */
export function extractFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text, 'index')) counts.set(t, (counts.get(t) ?? 0) + 1);
  const normalised = text.normalize('NFKC');
  for (const run of normalised.matchAll(HAN_RUN)) {
    const chars = Array.from(run[0]); // code points, so rare astral-plane Han stay whole
    for (let i = 0; i + 1 < chars.length; i++) {
      const f = BIGRAM_PREFIX + chars[i]! + chars[i + 1]!;
      counts.set(f, (counts.get(f) ?? 0) + 1);
    }
  }
  return counts;
}
