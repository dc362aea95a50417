import { describe, expect, it } from 'vitest';
import {
  bestPassage,
  clip,
  contains,
  coverage,
  idfOf,
  keyTerms,
  occurs,
  sentences,
  UNKNOWN_IDF,
} from '../../../search/matcher/terms.ts';
import { papers } from './fixtures/world.ts';

describe('key terms', () => {
  it('takes skills first, then the rarest words of the text, dropping generic ones', () => {
    const terms = keyTerms('基于深度学习的轴承故障诊断方法研究，要求熟悉Python。', { skills: ['振动信号'] });
    expect(terms.map((t) => [t.term, t.skill])).toEqual([
      ['振动信号', true],
      ['故障诊断', false],
      ['python', false],
      ['轴承', false],
      ['深度', false],
      ['学习', false],
    ]);
    // 方法, 研究, 基于, 要求, 熟悉 are generic; 故障诊断 and python are unknown to jieba's table
    // (median idf; ties keep text order).
    expect(terms.find((t) => t.term === 'python')!.weight).toBe(UNKNOWN_IDF);
  });

  it('weighs words by jieba idf', () => {
    expect(idfOf('锂电池')).toBeCloseTo(9.48183704418, 8);
    expect(idfOf('方法')).toBeCloseTo(4.96780503004, 8);
    expect(idfOf('某个不存在的词')).toBe(UNKNOWN_IDF);
  });

  it('keeps all words of a short text and caps long ones', () => {
    expect(keyTerms('锂电池健康状态估计').map((t) => t.term)).toEqual(['锂电池', '估计', '健康', '状态']);
    const long = papers
      .slice(0, 6)
      .map((p) => p.abstract)
      .join('\n');
    expect(keyTerms(long).length).toBe(12);
    expect(keyTerms(long, { max: 5 }).length).toBe(5);
  });

  it('does not repeat words a skill contains', () => {
    expect(keyTerms('电池管理系统的电池', { skills: ['电池管理系统'] }).map((t) => t.term)).toEqual([
      '电池管理系统',
    ]);
  });

  it('adds index synonyms as variants', () => {
    const [t] = keyTerms('锂电池');
    expect(t!.variants).toEqual(['锂电池', '锂离子电池']);
    expect(contains('大容量锂离子电池放电', t!)).toBe(true);
  });
});

describe('presence', () => {
  it('matches Chinese as substrings and Latin as whole words', () => {
    expect(occurs('锂电池健康状态估计', '健康状态')).toBe(true);
    expect(occurs('training data', 'ai')).toBe(false);
    expect(occurs('ai for science', 'ai')).toBe(true);
    expect(occurs('熟悉python和c++', 'python')).toBe(true);
    expect(occurs('cpython', 'python')).toBe(false);
  });

  it('counts a multi-word skill when all its words are present', () => {
    const [skill] = keyTerms('', { skills: ['机器学习算法'] });
    expect(skill!.parts).toEqual(['机器', '学习', '算法']);
    expect(contains('提出一种算法，结合机器视觉与深度学习', skill!)).toBe(true);
    expect(contains('提出一种算法', skill!)).toBe(false);
  });

  it('weighs coverage by idf', () => {
    const terms = keyTerms('锂电池 水稻');
    const c = coverage('锂电池热管理', terms);
    expect(c.found.map((t) => t.term)).toEqual(['锂电池']);
    expect(c.missing.map((t) => t.term)).toEqual(['水稻']);
    expect(c.share).toBeCloseTo(idfOf('锂电池') / (idfOf('锂电池') + idfOf('水稻')), 12);
    expect(coverage('任何文本', []).share).toBeNull();
  });
});

describe('passages', () => {
  it('splits Chinese and CSL-style sentences', () => {
    expect(sentences('第一句。第二句;第三句.仿真结果表明,方法有效.版本2.5可用')).toEqual([
      '第一句。',
      '第二句;',
      '第三句.',
      '仿真结果表明,方法有效.',
      '版本2.5可用',
    ]);
  });

  it('picks the sentence with the most key-term weight and clips around the first match', () => {
    const terms = keyTerms('', { skills: ['荷电状态', '神经网络'] });
    const p = bestPassage('传统方法误差较大.提出基于神经网络的蓄电池荷电状态预测方法.实验验证有效.', terms);
    expect(p.text).toBe('提出基于神经网络的蓄电池荷电状态预测方法.');
    expect(p.matchedTerms).toEqual(['荷电状态', '神经网络']);
    const long = `${'前'.repeat(100)}荷电状态${'后'.repeat(100)}`;
    const clipped = clip(long, ['荷电状态'], 40);
    expect(clipped.startsWith('…')).toBe(true);
    expect(clipped.endsWith('…')).toBe(true);
    expect(clipped).toContain('荷电状态');
    expect([...clipped].length).toBe(42);
  });
});
