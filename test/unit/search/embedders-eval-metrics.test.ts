import { describe, expect, it } from 'vitest';
import { mrrAt, ndcgAt, recallAt, scoreClassification, scoreRetrieval } from '../../../test/eval/metrics.ts';

// The CSL eval's figures are only as good as these definitions (shared/data/csl/README.md).
describe('CSL eval metrics', () => {
  const qrels = new Map([
    ['a', 2],
    ['c', 1],
    ['d', 2],
  ]);

  it('nDCG@k uses gain 2^rel − 1 and the ideal order of all judged documents', () => {
    // DCG = 3/log2(2) + 0 + 1/log2(4) = 3.5; IDCG = 3 + 3/log2(3) + 1/2.
    expect(ndcgAt(['a', 'b', 'c'], qrels, 10)).toBeCloseTo(3.5 / (3 + 3 / Math.log2(3) + 0.5), 12);
    expect(ndcgAt(['a', 'd', 'c'], qrels, 10)).toBeCloseTo(1, 12);
    expect(ndcgAt(['b', 'e'], qrels, 10)).toBe(0);
    // Cut-off: a relevant document at rank 3 does not count at k = 2.
    expect(ndcgAt(['b', 'e', 'a'], qrels, 2)).toBe(0);
  });

  it('MRR@k and Recall@k count only documents at or above the relevance threshold', () => {
    expect(mrrAt(['b', 'c', 'a'], qrels, 10, 2)).toBeCloseTo(1 / 3, 12);
    expect(mrrAt(['b', 'c', 'a'], qrels, 10, 1)).toBeCloseTo(1 / 2, 12);
    expect(mrrAt(['b', 'c', 'a'], qrels, 2, 2)).toBe(0);
    expect(recallAt(['a', 'b', 'c'], qrels, 2, 2)).toBe(0.5);
    expect(recallAt(['a', 'b', 'c'], qrels, 3, 1)).toBeCloseTo(2 / 3, 12);
  });

  it('averages over queries, a query with nothing found counting as zero', () => {
    const s = scoreRetrieval(
      [
        { ranked: ['a', 'd'], qrels },
        { ranked: [], qrels },
      ],
      2,
    );
    expect(s.mrr10).toBe(0.5);
    expect(s.r10).toBe(0.5);
  });

  it('scores label rankings with Acc@1, Acc@3 and MRR', () => {
    const s = scoreClassification([
      { ranked: ['x', 'y', 'z'], gold: 'x' },
      { ranked: ['y', 'z', 'x', 'w'], gold: 'x' },
      { ranked: ['y', 'z', 'w', 'v'], gold: 'v' },
      { ranked: ['y'], gold: 'x' },
    ]);
    expect(s.acc1).toBe(0.25);
    expect(s.acc3).toBe(0.5);
    expect(s.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 4 + 0) / 4, 12);
  });
});
