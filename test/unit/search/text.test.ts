import { describe, expect, it } from 'vitest';
import { normalizeText, normalizeWithOffsets } from '../../../search/text/normalize.ts';
import { stemEnglish } from '../../../search/text/stem.ts';
import { hanBigrams, isStopWord, segment, tokenize } from '../../../search/text/tokenize.ts';

describe('normalizeText', () => {
  it('folds full-width forms and case (NFKC + lower case)', () => {
    expect(normalizeText('Ｇｒａｐｈ　ＡＩ１２３')).toBe('graph ai123');
    expect(normalizeText('深度学习')).toBe('深度学习');
  });
});

describe('normalizeWithOffsets', () => {
  it('maps each normalised unit back to its original code point', () => {
    const n = normalizeWithOffsets('ＡＢ');
    expect(n.text).toBe('ab');
    expect([...n.start]).toEqual([0, 1]);
    expect([...n.end]).toEqual([1, 2]);
  });

  it('keeps one-to-many expansions and astral characters aligned', () => {
    const n = normalizeWithOffsets('ﬁx𠀀a');
    expect(n.text).toBe('fix𠀀a');
    expect([...n.start]).toEqual([0, 0, 1, 2, 2, 4]);
    expect([...n.end]).toEqual([1, 1, 2, 4, 4, 5]);
  });
});

describe('stemEnglish', () => {
  it('folds plurals', () => {
    expect(
      ['networks', 'studies', 'matches', 'processes', 'classes', 'boxes', 'keys', 'policies'].map(
        stemEnglish,
      ),
    ).toEqual(['network', 'study', 'match', 'process', 'class', 'box', 'key', 'policy']);
  });

  it('leaves singulars, short words, -us/-is/-ss words and known -s nouns alone', () => {
    expect(
      [
        'network',
        'analysis',
        'status',
        'class',
        'bus',
        'is',
        'gas',
        'physics',
        'series',
        'learning',
        'gpus2',
      ].map(stemEnglish),
    ).toEqual([
      'network',
      'analysis',
      'status',
      'class',
      'bus',
      'is',
      'gas',
      'physics',
      'series',
      'learning',
      'gpus2',
    ]);
  });
});

describe('tokenize', () => {
  it('segments Chinese with jieba, lower-cases Latin and drops stop words and punctuation', () => {
    expect(tokenize('基于深度学习的图像识别 with Graph Networks', 'query')).toEqual([
      '基于',
      '深度',
      '学习',
      '图像识别',
      'graph',
      'networks',
    ]);
  });

  it('emits sub-words of compounds when indexing', () => {
    expect(tokenize('基于深度学习的图像识别 with Graph Networks', 'index')).toEqual([
      '基于',
      '深度',
      '学习',
      '图像',
      '识别',
      '图像识别',
      'graph',
      'networks',
    ]);
  });

  it('splits unknown words into characters when jieba may not guess (hmm off)', () => {
    expect(segment('孪生赋能', 'query', false)).toEqual(['孪生', '赋', '能']);
    expect(segment('囧犇', 'query', false)).toEqual(['囧', '犇']);
  });

  it('knows its stop words', () => {
    expect(['的', 'the', '深度'].map(isStopWord)).toEqual([true, true, false]);
  });
});

describe('hanBigrams', () => {
  it('lists neighbouring Han pairs within each run only', () => {
    expect(hanBigrams('产教融合 AI平台')).toEqual(['产教', '教融', '融合', '平台']);
    expect(hanBigrams('a中b')).toEqual([]);
  });
});
