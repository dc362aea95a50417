import { idf as jiebaIdf } from '@node-rs/jieba/dict.js';
import { SYNONYMS } from '../indexes.ts';
import { normalizeText } from '../text/normalize.ts';
import { hasHan, isContentToken, isStopWord, segment } from '../text/tokenize.ts';

/**
 * Key terms of a query text and where they occur in a candidate: the lexical half of the
 * affinity and of the evidence. Key terms are the query's explicit skills plus its top TF-IDF
 * words, with idf from jieba's general-corpus table (shipped with @node-rs/jieba, so the
 * weight of a word does not depend on what happens to be indexed; words jieba's table does
 * not know, typically new technical terms such as SOH or 充放电, get its median, as jieba
 * itself does). Presence in a candidate is a substring test on normalised text (Chinese has
 * no word boundaries; 锂电池 is found in 锂电池健康状态) and a whole-word test for Latin terms,
 * with the index synonyms (锂电池 ↔ 锂离子电池) counting as the term.
 */

export interface KeyTerm {
  /** Normalised surface form, as shown in evidence. */
  term: string;
  /** idf, the term's share of the lexical score. */
  weight: number;
  /** Came from the caller's skill list rather than from the text. */
  skill: boolean;
  /** Normalised forms that count as the term (the term and its synonyms). */
  variants: string[];
  /** A multi-word skill also counts when every one of these words is present. */
  parts: string[];
}

/** jieba's median idf: the weight it gives words missing from its table. */
export const UNKNOWN_IDF = 11.95;
/** Words at or below this idf are too common to be evidence (问题 3.96, 研究 4.32, 方法 4.97). */
export const MIN_KEY_IDF = 5;
/** Entries kept from the table: rarer words all get UNKNOWN_IDF-like weights anyway. */
const KEEP_BELOW = 10.5;

/** Words frequent in papers, challenges and profiles that say nothing about the topic. */
const GENERIC = new Set(
  (
    '研究 方法 提出 基于 结果 表明 采用 实验 本文 分析 设计 要求 熟悉 具有 进行 能力 相关 需要 实现 提高 问题 ' +
    '技术 应用 开发 通过 利用 建立 具备 掌握 了解 优先 负责 参与 企业 公司 项目 学生 导师 研究生 毕业 论文 课题 ' +
    '合作 能够 可以 以及 一个 目前 现有 存在 主要 重要 有效 显著 明显 较好 良好 效果 影响 因素 过程 条件 情况 ' +
    '方面 领域 方向 工作 面向 针对 解决 希望 期望 预期 成果 交付 完成 具体 包括 如何 相应 进一步 有关 不同 多种 ' +
    '新型 提供 支持 得到 获得 使用 选择 研制 探讨 探索 讨论 发现 证明 验证 比较 对比 作者 文章 最后 首先 然后 ' +
    '同时 其中 此外 因此 从而 之间 以上 以下 一定 较高 较低 提升 改进 优化 新的 一定 相比 所得 所提 该方法 ' +
    'based using method methods approach study research novel proposed results paper propose show new use'
  ).split(/\s+/u),
);

let table: Map<string, number> | undefined;

/** idf of a normalised word (UNKNOWN_IDF when jieba's table does not hold it or holds it as rare). */
export function idfOf(word: string): number {
  if (!table) {
    table = new Map();
    const text = Buffer.from(jiebaIdf.buffer, jiebaIdf.byteOffset, jiebaIdf.byteLength).toString('utf8');
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const sp = text.lastIndexOf(' ', end);
      if (sp > start) {
        const value = Number(text.slice(sp + 1, end));
        if (value < KEEP_BELOW) table.set(normalizeText(text.slice(start, sp)), value);
      }
      start = end + 1;
    }
  }
  return table.get(word) ?? UNKNOWN_IDF;
}

function isCandidateWord(t: string): boolean {
  if (!isContentToken(t) || isStopWord(t) || GENERIC.has(t)) return false;
  if (hasHan(t)) return [...t].length >= 2;
  // Latin / digits: at least two characters and a letter (drops years, numbers, single letters).
  return t.length >= 2 && /\p{L}/u.test(t);
}

function contentWords(normalized: string): string[] {
  const out: string[] = [];
  for (const raw of segment(normalized, 'query', true)) {
    const t = raw.trim();
    if (isCandidateWord(t)) out.push(t);
  }
  return out;
}

const SYNONYM_INDEX: Map<string, string[]> = new Map(
  Object.entries(SYNONYMS).map(([k, vs]) => [normalizeText(k), vs.map(normalizeText)]),
);

function variantsOf(term: string): string[] {
  return [term, ...(SYNONYM_INDEX.get(term) ?? [])];
}

export interface KeyTermOptions {
  /** Explicit skills: always key terms, weighed by their rarest word. */
  skills?: readonly string[];
  /** Most text-derived key terms. Default 12. */
  max?: number;
}

/**
 * Key terms of a query: skills first, then words by TF-IDF = idf · (1 + ln tf). Short texts
 * keep all their candidate words (up to 6); longer ones keep 6 + one per four further distinct
 * words, at most `max`. Words a skill already contains are not repeated.
 */
export function keyTerms(text: string, options: KeyTermOptions = {}): KeyTerm[] {
  const max = options.max ?? 12;
  const out: KeyTerm[] = [];
  const seen = new Set<string>();
  for (const raw of options.skills ?? []) {
    const term = normalizeText(raw).trim().replace(/\s+/gu, ' ');
    if (!term || seen.has(term) || !isContentToken(term)) continue;
    seen.add(term);
    const parts = [...new Set(contentWords(term))];
    const weight = Math.max(MIN_KEY_IDF, ...parts.map(idfOf), parts.length === 0 ? UNKNOWN_IDF : 0);
    out.push({ term, weight, skill: true, variants: variantsOf(term), parts: parts.length > 1 ? parts : [] });
  }
  const skillTerms = out.map((k) => k.term);
  const tf = new Map<string, number>();
  for (const w of contentWords(normalizeText(text))) tf.set(w, (tf.get(w) ?? 0) + 1);
  const ranked = [...tf]
    .map(([term, n]) => ({ term, idf: idfOf(term), score: idfOf(term) * (1 + Math.log(n)) }))
    .filter((c) => c.idf > MIN_KEY_IDF && !seen.has(c.term) && !skillTerms.some((s) => s.includes(c.term)));
  const distinct = ranked.length;
  const keep = Math.min(max, distinct <= 6 ? distinct : 6 + Math.ceil((distinct - 6) / 4));
  // Stable: ties keep text order (Map insertion order), so results are deterministic.
  ranked.sort((x, y) => y.score - x.score);
  for (const c of ranked.slice(0, keep)) {
    out.push({ term: c.term, weight: c.idf, skill: false, variants: variantsOf(c.term), parts: [] });
  }
  return out;
}

const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || c === 95 || (c >= 0xc0 && c < 0x2000 && c !== 0xd7);

/** `needle` occurs in `haystack` (both normalised); Latin needles only as whole words. */
export function occurs(haystack: string, needle: string): boolean {
  if (hasHan(needle)) return haystack.includes(needle);
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
    const before = i > 0 ? haystack.charCodeAt(i - 1) : 32;
    const after = i + needle.length < haystack.length ? haystack.charCodeAt(i + needle.length) : 32;
    const startsWord = !isWordChar(needle.charCodeAt(0)) || !isWordChar(before);
    const endsWord = !isWordChar(needle.charCodeAt(needle.length - 1)) || !isWordChar(after);
    if (startsWord && endsWord) return true;
  }
  return false;
}

/** Whether a normalised text contains the key term (a variant, or every part of a multi-word skill). */
export function contains(normalized: string, term: KeyTerm): boolean {
  for (const v of term.variants) if (occurs(normalized, v)) return true;
  return term.parts.length > 1 && term.parts.every((p) => occurs(normalized, p));
}

export interface Coverage {
  /** idf-weighted share of key terms found, in [0, 1]; null when there are no key terms. */
  share: number | null;
  found: KeyTerm[];
  missing: KeyTerm[];
}

export function coverage(normalized: string, terms: readonly KeyTerm[]): Coverage {
  if (terms.length === 0) return { share: null, found: [], missing: [] };
  const found: KeyTerm[] = [];
  const missing: KeyTerm[] = [];
  let hit = 0;
  let total = 0;
  for (const t of terms) {
    total += t.weight;
    if (contains(normalized, t)) {
      found.push(t);
      hit += t.weight;
    } else missing.push(t);
  }
  return { share: total > 0 ? hit / total : 0, found, missing };
}

/** Sentences of a text (Chinese and Latin punctuation, line breaks); empty pieces dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。；;！？!?\n])|(?<=[^\d]\.)(?=\s|[^\d])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface Passage {
  text: string;
  /** Key terms found in the passage. */
  matchedTerms: string[];
  /** idf-weighted hits, for choosing between passages. */
  weight: number;
}

/** Scores one piece of text against the key terms. */
export function passageScore(text: string, terms: readonly KeyTerm[]): Passage {
  return { ...termHits(normalizeText(text), terms), text };
}

/** Key terms found in an already normalised text, and their summed weight. */
export function termHits(
  normalized: string,
  terms: readonly KeyTerm[],
): { matchedTerms: string[]; weight: number } {
  const matchedTerms: string[] = [];
  let weight = 0;
  for (const t of terms) {
    if (contains(normalized, t)) {
      matchedTerms.push(t.term);
      weight += t.weight;
    }
  }
  return { matchedTerms, weight };
}

/**
 * The sentence of `text` with the most (idf-weighted) key terms, cut to about `maxChars`
 * around its first match. The first sentence when nothing matches.
 */
export function bestPassage(text: string, terms: readonly KeyTerm[], maxChars = 120): Passage {
  let best: Passage | undefined;
  for (const s of sentences(text)) {
    const p = passageScore(s, terms);
    if (!best || p.weight > best.weight) best = p;
  }
  if (!best) return { text: '', matchedTerms: [], weight: 0 };
  return { ...best, text: clip(best.text, best.matchedTerms, maxChars) };
}

/** Cuts a sentence to about `maxChars` code points, keeping the first matched term in view. */
export function clip(sentence: string, matched: readonly string[], maxChars: number): string {
  const chars = [...sentence];
  if (chars.length <= maxChars) return sentence;
  const normalized = normalizeText(sentence);
  let at = -1;
  for (const m of matched) {
    const i = normalized.indexOf(m);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  // Index in code points (normalisation keeps Han and ASCII one-to-one, close enough elsewhere).
  const cp = at < 0 ? 0 : [...normalized.slice(0, at)].length;
  const start = Math.max(0, Math.min(cp - Math.floor(maxChars / 4), chars.length - maxChars));
  const end = start + maxChars;
  return `${start > 0 ? '…' : ''}${chars.slice(start, end).join('')}${end < chars.length ? '…' : ''}`;
}
