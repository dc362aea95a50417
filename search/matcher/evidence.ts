import { normalizeText } from '../text/normalize.ts';
import { hanBigrams } from '../text/tokenize.ts';
import { distance, lookupCode, path } from '../taxonomy/catalogue.ts';
import type { MentorPublicationDoc } from '../indexes.ts';
import { bestPassage, passageScore, type KeyTerm } from './terms.ts';
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

function sharedBigrams(text: string, query: Set<string>): number {
  let n = 0;
  for (const b of new Set(hanBigrams(normalizeText(text)))) if (query.has(b)) n++;
  return n;
}

export function bestPublication(
  publications: readonly MentorPublicationDoc[],
  terms: readonly KeyTerm[],
  queryBigrams: Set<string>,
): PublicationEvidence | null {
  let best: { pub: MentorPublicationDoc; weight: number; title: number; shared: number } | undefined;
  for (const pub of publications) {
    const weight = passageScore(`${pub.title}\n${pub.abstract}`, terms).weight;
    const title = passageScore(pub.title, terms).weight;
    const shared = sharedBigrams(`${pub.title}\n${pub.abstract}`, queryBigrams);
    const better =
      !best ||
      weight > best.weight ||
      (weight === best.weight && (title > best.title || (title === best.title && shared > best.shared)));
    if (better) best = { pub, weight, title, shared };
  }
  if (!best) return null;
  const { pub } = best;
  const inAbstract = bestPassage(pub.abstract, terms, PASSAGE_CHARS);
  return {
    id: pub.id,
    title: pub.title,
    passage: inAbstract.weight > 0 || !inAbstract.text ? inAbstract.text : pub.title,
    // Every key term the publication holds (title or abstract), not only the quoted sentence's.
    matchedTerms: order(passageScore(`${pub.title}\n${pub.abstract}`, terms).matchedTerms, terms),
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
