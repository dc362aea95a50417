import { normalizeText } from '../text/normalize.ts';
import { hanBigrams } from '../text/tokenize.ts';
import { distance, lookupCode, path } from '../taxonomy/catalogue.ts';
import type { MentorPublicationDoc } from '../indexes.ts';
import { bestPassage, termHits, type KeyTerm } from './terms.ts';
import type { DisciplineEvidence, PassageEvidence, PublicationEvidence } from './types.ts';

/**
 * Evidence for one result: the publication or passage that best matches the query, and the
 * discipline path. Chosen by key-term overlap (idf-weighted sum of the distinct key terms in
 * title + abstract), then by key terms in the title, then by shared Chinese character bigrams,
 * so a purely semantic match still quotes the closest text. Only text from the search index is ever quoted, and NDA challenges are
 * indexed with their public summary only, so evidence cannot reveal confidential text.
 */

export const PASSAGE_CHARS = 120;

/** Distinct Han bigrams of a text, for the tie-break. */
export function bigramSet(text: string): Set<string> {
  return new Set(hanBigrams(normalizeText(text)));
}

const isHan = (c: number) => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);

/** Distinct adjacent Han pairs of a normalised text that the query also has. */
export function sharedBigrams(normalized: string, query: Set<string>): number {
  const hits = new Set<string>();
  for (let i = 0; i + 1 < normalized.length; i++) {
    if (!isHan(normalized.charCodeAt(i)) || !isHan(normalized.charCodeAt(i + 1))) continue;
    const pair = normalized.slice(i, i + 2);
    if (query.has(pair)) hits.add(pair);
  }
  return hits.size;
}

/** A publication with its normalised title and title + abstract (computed once per candidate). */
export interface NormalizedPublication {
  pub: MentorPublicationDoc;
  title: string;
  full: string;
}

export function normalizePublications(pubs: readonly MentorPublicationDoc[]): NormalizedPublication[] {
  return pubs.map((pub) => {
    const title = normalizeText(pub.title);
    return { pub, title, full: `${title}\n${normalizeText(pub.abstract)}` };
  });
}

export function bestPublication(
  publications: readonly NormalizedPublication[],
  terms: readonly KeyTerm[],
  queryBigrams: Set<string>,
): PublicationEvidence | null {
  let best:
    { p: NormalizedPublication; weight: number; title: number; shared: number | undefined } | undefined;
  for (const p of publications) {
    const weight = termHits(p.full, terms).weight;
    if (best && weight < best.weight) continue;
    const title = termHits(p.title, terms).weight;
    if (best && weight === best.weight) {
      if (title < best.title) continue;
      if (title === best.title) {
        // Character bigrams only break exact ties (common when nothing matches by term).
        best.shared ??= sharedBigrams(best.p.full, queryBigrams);
        const shared = sharedBigrams(p.full, queryBigrams);
        if (shared > best.shared) best = { p, weight, title, shared };
        continue;
      }
    }
    best = { p, weight, title, shared: undefined };
  }
  if (!best) return null;
  const { pub } = best.p;
  const inAbstract = bestPassage(pub.abstract, terms, PASSAGE_CHARS);
  return {
    id: pub.id,
    title: pub.title,
    passage: inAbstract.weight > 0 || !inAbstract.text ? inAbstract.text : pub.title,
    // Every key term the publication holds (title or abstract), not only the quoted sentence's.
    matchedTerms: order(termHits(best.p.full, terms).matchedTerms, terms),
  };
}

/** Best passage over named fields; null when no field has text. Ties keep field order. */
export function bestFieldPassage(
  fields: readonly { field: string; text: string }[],
  terms: readonly KeyTerm[],
): PassageEvidence | null {
  let best: PassageEvidence | undefined;
  let bestWeight = -1;
  for (const { field, text } of fields) {
    if (!text.trim()) continue;
    const p = bestPassage(text, terms, PASSAGE_CHARS);
    if (p.weight > bestWeight) {
      best = { field, text: p.text, matchedTerms: order(p.matchedTerms, terms) };
      bestWeight = p.weight;
    }
  }
  return best ?? null;
}

/** Matched terms in key-term order (skills first, then by weight). */
function order(matched: readonly string[], terms: readonly KeyTerm[]): string[] {
  const set = new Set(matched);
  return terms.map((t) => t.term).filter((t) => set.has(t));
}

const pathText = (code: string) =>
  path(code)
    .map((n) => n.name)
    .join(' › ');

/** The candidate's discipline closest to the query's, with its path and distance. */
export function disciplineEvidence(
  query: readonly string[],
  candidate: readonly string[],
): DisciplineEvidence | null {
  const known = candidate.filter((c) => lookupCode(c) !== undefined);
  if (known.length === 0) return null;
  let best: { code: string; queryCode: string | null; distance: number | null } = {
    code: known[0]!,
    queryCode: null,
    distance: null,
  };
  if (query.length > 0) {
    let min = Infinity;
    for (const c of known) {
      for (const q of query) {
        const d = distance(q, c);
        if (d < min) {
          min = d;
          best = { code: c, queryCode: q, distance: d };
        }
      }
    }
  }
  return {
    code: best.code,
    path: pathText(best.code),
    nodes: path(best.code),
    queryCode: best.queryCode,
    queryPath: best.queryCode === null ? null : pathText(best.queryCode) || null,
    distance: best.distance,
  };
}
