import { normalizeText } from '../text/normalize.ts';
import { analyzeQuery, type QueryToken } from './analyzer.ts';
import { forEachBigram, type TermDictionary } from './terms.ts';
import { typoBudget } from './typo.ts';

/** Beyond this many tokens a query is a pasted text, not typed: no typo or prefix expansion (Meilisearch stops at 10 words). */
export const MAX_EXPANDED_TOKENS = 10;
const PREFIX_EXPANSIONS = 30;
const TYPO_WEIGHT = [1, 0.5, 0.33];
const PREFIX_WEIGHT = 0.8;
/** A word jieba also segmented in the index is better evidence than its characters merely being adjacent. */
const BIGRAM_WEIGHT_WHEN_WORD_KNOWN = 0.5;
/**
 * Weight of the query's Han bigrams next to its words (each scored by idf like a word).
 * Word-only BM25 lost to plain bigram BM25 on the CSL tasks; adding bigram evidence beats
 * both (keyword-only nDCG@10, `npm run eval`): T1 0.340 → 0.363, T2 0.569 → 0.597 (bigram
 * BM25 reference 0.367 / 0.587). Flat between 0.5 and 2, so 1: words and bigrams weigh alike.
 */
const BIGRAM_EVIDENCE = 1;
/**
 * Words and bigrams each scored per query, rarest first (a pasted abstract has hundreds).
 * CSL T1 (abstract → related papers), keyword-only / hybrid 0.5 nDCG@10 by cap: 16 → 0.267 /
 * 0.355, 32 → 0.353 / 0.412, 48 → 0.375 / 0.415, 64 → 0.373 / 0.412, no cap → 0.363 / 0.404
 * (bigram BM25 reference 0.367); p50 CPU per query at 50k documents 7 ms at 48, 49 ms uncapped.
 */
const MAX_SCORED_TERMS = 48;
/** The word's own postings cover the bigram route when it holds this share of its documents. */
const WORD_COVERS = 0.9;

/** One way a query term can match: every one of `terms` present in the document. */
export interface Alternative {
  terms: number[];
  /** Terms are Han bigrams (length-normalised against bigram counts). */
  bigram: boolean;
  weight: number;
  /** What the document contains when this matches: reported in matchedTerms and highlighted. */
  labels: string[];
}

/** A query term with every way it can match and the idf it weighs with. */
export interface QueryTerm {
  token: string;
  alternatives: Alternative[];
  /** Document frequency the term's idf is computed from. */
  df: number;
  /** Share of its idf the term weighs with (1 for query words, BIGRAM_EVIDENCE for bigrams). */
  weight: number;
}

export interface ParsedSynonyms {
  /** Joined query-form tokens of the key → the token lists of its synonyms. */
  byKey: Map<string, QueryToken[][]>;
  longestKey: number;
}

export function parseSynonyms(synonyms: Record<string, string[]> | undefined): ParsedSynonyms {
  const byKey = new Map<string, QueryToken[][]>();
  let longestKey = 0;
  for (const [key, values] of Object.entries(synonyms ?? {})) {
    const keyTokens = analyzeQuery(key);
    if (keyTokens.length === 0) continue;
    const joined = keyTokens.map((t) => t.term).join(' ');
    const list = byKey.get(joined) ?? [];
    for (const v of values) {
      const tokens = analyzeQuery(v);
      if (tokens.length > 0) list.push(tokens);
    }
    byKey.set(joined, list);
    longestKey = Math.max(longestKey, keyTokens.length);
  }
  return { byKey, longestKey };
}

/**
 * Turns a query into query terms. Each token matches as: the exact word; for Chinese, all
 * of its character bigrams (the out-of-vocabulary fallback); for Latin words in short
 * queries, words within the typo budget; for the last token when typing, words it
 * prefixes; and whatever the synonyms list. Multi-token synonym keys merge their tokens
 * into one query term.
 */
export function buildQueryTerms(
  q: string,
  dict: TermDictionary,
  synonyms: ParsedSynonyms,
  prefix: boolean,
): QueryTerm[] {
  const tokens = analyzeQuery(q);
  const expand = tokens.length <= MAX_EXPANDED_TOKENS;
  const typing = prefix && expand && !/[\s\p{P}]$/u.test(q);
  const liveId = (term: string | number) => {
    const id = dict.id(term);
    return id !== undefined && dict.df[id]! > 0 ? id : undefined;
  };
  const out: QueryTerm[] = [];

  const single = (tok: QueryToken, isLast: boolean, fuzzy: boolean): { alts: Alternative[]; df: number } => {
    const alts: Alternative[] = [];
    const word = liveId(tok.term);
    if (word !== undefined) alts.push({ terms: [word], bigram: false, weight: 1, labels: [tok.term] });
    let bigramDf = -1;
    if (tok.han && [...tok.term].length >= 2) {
      const keys = new Set<string | number>();
      forEachBigram(tok.term, (key) => keys.add(key));
      const ids = [...keys].map(liveId);
      // The bigram route costs a pass over common bigrams' postings; skip it when jieba's
      // segmentation already finds the word in nearly every document holding its characters
      // (true of ~85 % of title words in CSL, measured: df(word) = df(rarest bigram)).
      const sorted = ids.every((id) => id !== undefined)
        ? (ids as number[]).sort((a, b) => dict.df[a]! - dict.df[b]!)
        : [];
      const redundant =
        word !== undefined && sorted.length > 0 && dict.df[word]! >= WORD_COVERS * dict.df[sorted[0]!]!;
      if (sorted.length > 0 && !redundant) {
        alts.push({
          terms: sorted,
          bigram: true,
          weight: word !== undefined ? BIGRAM_WEIGHT_WHEN_WORD_KNOWN : 1,
          labels: [tok.term],
        });
      }
      if (sorted.length > 0) bigramDf = dict.df[sorted[0]!]!;
    }
    const seen = new Set<string>([tok.term]);
    if (fuzzy && !tok.han) {
      for (const { term, distance } of dict.withTypos(tok.term, typoBudget(tok.term))) {
        seen.add(term);
        alts.push({ terms: [dict.id(term)!], bigram: false, weight: TYPO_WEIGHT[distance]!, labels: [term] });
      }
    }
    if (fuzzy && isLast && typing) {
      for (const term of dict.withPrefix(tok.surface, PREFIX_EXPANSIONS)) {
        if (seen.has(term)) continue;
        seen.add(term);
        alts.push({ terms: [dict.id(term)!], bigram: false, weight: PREFIX_WEIGHT, labels: [term] });
      }
    }
    // idf from the exact word if the index knows it, else from the rarest bigram, else from
    // the most common expansion (so one rare typo variant does not dominate the query).
    if (word !== undefined) return { alts, df: dict.df[word]! };
    if (bigramDf >= 0) return { alts, df: bigramDf };
    let df = 0;
    for (const a of alts) df = Math.max(df, dict.df[a.terms[0]!]!);
    return { alts, df };
  };

  for (let i = 0; i < tokens.length;) {
    let span = 0;
    let synonymsOf: QueryToken[][] | undefined;
    for (let len = Math.min(synonyms.longestKey, tokens.length - i); len >= 1; len--) {
      const key = tokens
        .slice(i, i + len)
        .map((t) => t.term)
        .join(' ');
      synonymsOf = synonyms.byKey.get(key);
      if (synonymsOf) {
        span = len;
        break;
      }
    }
    if (!synonymsOf) {
      const tok = tokens[i]!;
      const { alts, df } = single(tok, i === tokens.length - 1, expand);
      out.push({ token: tok.term, alternatives: alts, df, weight: 1 });
      i++;
      continue;
    }
    const group = tokens.slice(i, i + span);
    const isLast = i + span === tokens.length;
    let base: { alts: Alternative[]; df: number };
    if (span === 1) base = single(group[0]!, isLast, expand);
    else {
      const ids = group.map((t) => liveId(t.term));
      base = ids.every((id) => id !== undefined)
        ? {
            alts: [{ terms: ids as number[], bigram: false, weight: 1, labels: group.map((t) => t.term) }],
            df: Math.min(...(ids as number[]).map((id) => dict.df[id]!)),
          }
        : { alts: [], df: 0 };
    }
    const alts = [...base.alts];
    let df = base.df;
    for (const syn of synonymsOf) {
      if (syn.length === 1) {
        const s = single(syn[0]!, false, false);
        alts.push(...s.alts);
        if (df === 0 && s.df > 0) df = s.df;
      } else {
        const ids = syn.map((t) => liveId(t.term));
        if (ids.every((id) => id !== undefined)) {
          alts.push({ terms: ids as number[], bigram: false, weight: 1, labels: syn.map((t) => t.term) });
          if (df === 0) df = Math.min(...(ids as number[]).map((id) => dict.df[id]!));
        }
      }
    }
    out.push({ token: group.map((t) => t.term).join(' '), alternatives: alts, df, weight: 1 });
    i += span;
  }
  // Character-bigram evidence for the Chinese part of the query, as extra scoring-only terms.
  const bigrams: QueryTerm[] = [];
  const seen = new Set<number>();
  forEachBigram(normalizeText(q), (key) => {
    const id = liveId(key);
    if (id === undefined || seen.has(id)) return;
    seen.add(id);
    bigrams.push({
      token: '',
      alternatives: [{ terms: [id], bigram: true, weight: 1, labels: [] }],
      df: dict.df[id]!,
      weight: BIGRAM_EVIDENCE,
    });
  });
  return [...mostInformative(out, MAX_SCORED_TERMS), ...mostInformative(bigrams, MAX_SCORED_TERMS)];
}

/**
 * A pasted text (a challenge description used as a query) yields hundreds of terms; like
 * Lucene's MoreLikeThis, keep the rarest ones, which carry the topic and have short postings.
 * Order is kept, so the leading terms stay first for matchedTerms' bitmask.
 */
function mostInformative(terms: QueryTerm[], limit: number): QueryTerm[] {
  if (terms.length <= limit) return terms;
  const keep = new Set([...terms].sort((a, b) => a.df - b.df).slice(0, limit));
  return terms.filter((t) => keep.has(t));
}
