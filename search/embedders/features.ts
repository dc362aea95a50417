import { createHash } from 'node:crypto';
import { normalizeText } from '../text/normalize.ts';
import { hanBigrams, tokenize } from '../text/tokenize.ts';

/**
 * Sparse lexical features for the offline embedder: the shared jieba tokens (search mode, so
 * compounds also emit their sub-words) plus Han character bigrams. Bigrams give the model a
 * handle on words jieba's dictionary does not know (new technical terms are the norm here);
 * they live in their own namespace so a bigram and the identical two-character word are
 * separate columns the SVD can weigh differently.
 */

/** Prefix that keeps bigram features apart from word features. */
export const BIGRAM_PREFIX = '\u0002';

/** Counts of every feature in `text`. Deterministic; order of insertion follows the text. */
export function extractFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokenize(text, 'index')) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const b of hanBigrams(normalizeText(text))) {
    const f = BIGRAM_PREFIX + b;
    counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  return counts;
}

const PROBE =
  '基于深度学习的锂离子电池健康状态（SOH）估计与BMS系统，Ｆｕｌｌ－ｗｉｄｔｈ数据 2020年 的 Networks';

/**
 * Fingerprint of the feature extractor's behaviour. The trained model's vocabulary only means
 * something under the tokenizer it was trained with; the model records this value and a test
 * compares it, so a tokenizer change cannot silently degrade embeddings.
 */
export function featureFingerprint(): string {
  const entries = [...extractFeatures(PROBE)].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}
