import type { Filter, SearchHit } from '../engine.ts';
import { embeddingText, INDEX, type ChallengeDoc, type IndexName, type MentorDoc } from '../indexes.ts';
import { lookupCode } from '../taxonomy/catalogue.ts';
import { normalizeText } from '../text/normalize.ts';
import { COSINE_CALIBRATION, scoreAffinity, shrunkGrade, type Calibration } from './affinity.ts';
import {
  bestFieldPassage,
  bestPublication,
  bigramSet,
  disciplineEvidence,
  normalizePublications,
  type NormalizedPublication,
} from './evidence.ts';
import { bestTeam, TEAM_K, type TeamCandidate } from './team.ts';
import { coverage, keyTerms, type KeyTerm } from './terms.ts';
import {
  MatchInputError,
  type ChallengeMatches,
  type MatchFilters,
  type Matcher,
  type MatcherOptions,
  type MatchResult,
  type MatchTarget,
  type PassageEvidence,
  type PreviewInput,
  type PreviewResult,
  type QuerySummary,
  type ScoreInput,
} from './types.ts';

export { COSINE_CALIBRATION, WEIGHTS, affinity, calibrateCosine } from './affinity.ts';
export type * from './types.ts';
export { MatchInputError } from './types.ts';

/**
 * The matcher: what an enterprise sees while drafting a challenge, and the ranked mentors,
 * capabilities and topics (plus the best 双导师 pair) for a saved one; topics for a student;
 * challenges for a mentor.
 *
 * 1. Prepare the query once: key terms (skills + top TF-IDF words, terms.ts) and its vector.
 * 2. Retrieve a pool with hybrid search (key terms as keywords + the vector) under the filters
 *    that always apply (mentors active with capacity left; topics open; challenges published
 *    or matching) and the caller's.
 * 3. Score every pooled candidate with the absolute affinity of affinity.ts, re-rank, keep the
 *    top `limit`, and attach evidence (evidence.ts) to those only.
 */

const TARGET_INDEX: Record<MatchTarget, IndexName> = {
  mentor: INDEX.mentors,
  topic: INDEX.topics,
  capability: INDEX.capabilities,
  challenge: INDEX.challenges,
};

/** Caller filter → the target index's field (absent: not applicable, ignored and reported). */
const FILTER_FIELDS: Record<MatchTarget, Partial<Record<keyof MatchFilters, string>>> = {
  mentor: { region: 'region', disciplines: 'disciplines', kind: 'kind', orgId: 'poolOrgId' },
  topic: { disciplines: 'disciplines', degreeType: 'degreeType', orgId: 'orgId', cohort: 'cohort' },
  capability: { disciplines: 'disciplines', kind: 'kind', orgId: 'orgId' },
  challenge: {
    region: 'region',
    disciplines: 'disciplines',
    degreeType: 'degreeType',
    kind: 'kind',
    orgId: 'orgId',
  },
};

/** Public challenge states: the only ones a matcher may show to anyone but the owner. */
export const PUBLIC_CHALLENGE_STATES = ['published', 'matching'] as const;

const ALWAYS: Record<MatchTarget, Filter[]> = {
  mentor: [
    { field: 'state', op: 'eq', value: 'active' },
    { field: 'capacityLeft', op: 'gt', value: 0 },
  ],
  topic: [{ field: 'state', op: 'eq', value: 'open' }],
  capability: [],
  challenge: [{ field: 'state', op: 'in', values: [...PUBLIC_CHALLENGE_STATES] }],
};

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
/** Candidates retrieved per result shown: affinity re-ranks this pool. */
const POOL_FACTOR = 3;
const MIN_POOL = 30;
/** Longest query text embedded (the index embeds mentor profiles cut to the same length). */
const MAX_QUERY_CHARS = 8000;

interface Prepared {
  terms: KeyTerm[];
  /** Key terms joined: the keyword half of hybrid retrieval. */
  q: string;
  vector: Float32Array;
  /** The vector is all zeros (no known feature): vector retrieval and cosine say nothing. */
  zero: boolean;
  disciplines: string[];
  bigrams: Set<string>;
}

interface Scored {
  result: MatchResult;
  /** Unrounded affinity, for ordering. */
  exact: number;
  found: Set<string>;
  /** Key terms the candidate holds: evidence only needs to look for these. */
  foundTerms: KeyTerm[];
  doc: Record<string, unknown>;
  publications: NormalizedPublication[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * The candidate's text the lexical score looks in (what it is about; not names or
 * organisations), normalised; for mentors also each publication, normalised once and reused
 * by the evidence.
 */
function candidateText(
  target: MatchTarget,
  doc: Record<string, unknown>,
): { text: string; publications: NormalizedPublication[] } {
  switch (target) {
    case 'mentor': {
      const pubs = Array.isArray(doc.publications) ? (doc.publications as MentorDoc['publications']) : [];
      const publications = normalizePublications(pubs);
      // Publications are the same text as publicationText (which is not retrieved).
      const parts = [normalizeText(str(doc.interests)), normalizeText(str(doc.projects))];
      if (pubs.length === 0) parts.push(normalizeText(str(doc.publicationText)));
      return { text: [...parts, ...publications.map((p) => p.full)].join('\n'), publications };
    }
    case 'topic':
      return { text: normalizeText([str(doc.title), str(doc.description)].join('\n')), publications: [] };
    case 'capability':
      return {
        text: normalizeText(
          [str(doc.name), strs(doc.directions).join('\n'), str(doc.achievements), str(doc.equipment)].join(
            '\n',
          ),
        ),
        publications: [],
      };
    case 'challenge':
      return {
        text: normalizeText([str(doc.title), strs(doc.skills).join('\n'), str(doc.text)].join('\n')),
        publications: [],
      };
  }
}

/** Fields each target's hits need (mentors: publicationText duplicates publications, so it is skipped). */
export const RETRIEVED_FIELDS: Partial<Record<MatchTarget, string[]>> = {
  mentor: [
    'id',
    'kind',
    'name',
    'title',
    'homeOrgName',
    'disciplines',
    'capacity',
    'load',
    'capacityLeft',
    'interests',
    'projects',
    'publications',
    'avgGrade',
    'gradedCount',
  ],
};

/** A retrieved mentor gets back the publicationText it was embedded with (not retrieved: it repeats publications). */
function indexedForm(doc: Record<string, unknown>): Record<string, unknown> {
  if (typeof doc.publicationText === 'string' || !Array.isArray(doc.publications)) return doc;
  const pubs = doc.publications as MentorDoc['publications'];
  return { ...doc, publicationText: pubs.map((p) => `${p.title}\n${p.abstract}`).join('\n') };
}

function display(
  target: MatchTarget,
  doc: Record<string, unknown>,
): { title: string; subtitle: string; kind: string } {
  switch (target) {
    case 'mentor':
      return {
        title: str(doc.name),
        subtitle: [str(doc.title), str(doc.homeOrgName)].filter(Boolean).join(' · '),
        kind: str(doc.kind),
      };
    case 'topic':
      return { title: str(doc.title), subtitle: str(doc.orgName), kind: '' };
    case 'capability':
      return { title: str(doc.name), subtitle: str(doc.orgName), kind: str(doc.kind) };
    case 'challenge':
      return { title: str(doc.title), subtitle: str(doc.orgName), kind: str(doc.kind) };
  }
}

function passageOf(
  target: MatchTarget,
  doc: Record<string, unknown>,
  terms: KeyTerm[],
): PassageEvidence | null {
  switch (target) {
    case 'mentor':
      return bestFieldPassage(
        [
          { field: 'interests', text: str(doc.interests) },
          { field: 'projects', text: str(doc.projects) },
        ],
        terms,
      );
    case 'topic':
      return bestFieldPassage(
        [
          { field: 'title', text: str(doc.title) },
          { field: 'description', text: str(doc.description) },
        ],
        terms,
      );
    case 'capability':
      return bestFieldPassage(
        [
          { field: 'directions', text: strs(doc.directions).join('\n') },
          { field: 'achievements', text: str(doc.achievements) },
          { field: 'equipment', text: str(doc.equipment) },
        ],
        terms,
      );
    case 'challenge':
      // `text` is what the index holds: the public summary only for NDA challenges.
      return bestFieldPassage(
        [
          { field: 'title', text: str(doc.title) },
          { field: 'text', text: str(doc.text) },
        ],
        terms,
      );
  }
}

function checkLimit(limit: number | undefined): number {
  const l = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(l) || l < 1 || l > MAX_LIMIT) {
    throw new MatchInputError(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
  }
  return l;
}

const dot = (u: Float32Array, v: Float32Array) => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
};

export function createMatcher(options: MatcherOptions): Matcher {
  const { engine, embedder } = options;
  const calibration: Calibration = options.calibration ?? COSINE_CALIBRATION;
  const semanticRatio = options.semanticRatio ?? 0.5;

  async function prepare(
    text: string,
    skills: readonly string[],
    disciplines: readonly string[],
  ): Promise<Prepared> {
    const terms = keyTerms(text, { skills });
    const embedded = [text, ...skills].join('\n').slice(0, MAX_QUERY_CHARS);
    const [vector] = await embedder.embed([embedded]);
    const v = vector!;
    let zero = true;
    for (let i = 0; i < v.length && zero; i++) if (v[i] !== 0) zero = false;
    return {
      terms,
      q: terms.map((t) => t.term).join(' '),
      vector: v,
      zero,
      disciplines: disciplines.filter((d) => lookupCode(d) !== undefined),
      bigrams: bigramSet(text),
    };
  }

  function summary(p: Prepared): QuerySummary {
    return {
      keyTerms: p.terms.map((t) => ({
        term: t.term,
        weight: Math.round(t.weight * 100) / 100,
        skill: t.skill,
      })),
      disciplines: p.disciplines,
    };
  }

  function filterFor(
    target: MatchTarget,
    filters: MatchFilters,
  ): { filter: Filter; ignored: (keyof MatchFilters)[] } {
    const parts = [...ALWAYS[target]];
    const ignored: (keyof MatchFilters)[] = [];
    const fields = FILTER_FIELDS[target];
    for (const key of Object.keys(filters) as (keyof MatchFilters)[]) {
      const value = filters[key];
      if (value === undefined) continue;
      const field = fields[key];
      if (!field) {
        ignored.push(key);
        continue;
      }
      if (key === 'disciplines') {
        const codes = value as string[];
        if (codes.length > 0) parts.push({ field, op: 'in', values: codes });
      } else parts.push({ field, op: 'eq', value: value as string | number });
    }
    return { filter: { and: parts }, ignored };
  }

  async function rank(
    p: Prepared,
    target: MatchTarget,
    limit: number,
    filters: MatchFilters = {},
    minScore = 0,
  ): Promise<{ scored: Scored[]; ignored: (keyof MatchFilters)[] }> {
    const index = TARGET_INDEX[target];
    const { filter, ignored } = filterFor(target, filters);
    if (p.zero && p.q === '') return { scored: [], ignored };
    const res = await engine.search(index, {
      q: p.q || undefined,
      vector: p.zero ? undefined : p.vector,
      semanticRatio: p.zero ? 0 : p.q ? semanticRatio : 1,
      filter,
      limit: Math.max(MIN_POOL, limit * POOL_FACTOR),
      prefix: false,
      attributesToRetrieve: RETRIEVED_FIELDS[target],
    });
    const cosines = await cosinesOf(index, res.hits, p);
    const scored: Scored[] = res.hits.map((hit, i) => score(target, hit.document, hit.id, cosines[i]!, p));
    const kept = scored
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s.exact - a.s.exact || a.i - b.i)
      .map(({ s }) => s)
      .filter((s) => s.result.score >= minScore)
      .slice(0, limit);
    for (const s of kept) attachEvidence(target, s, p);
    return { scored: kept, ignored };
  }

  /** Cosines from the engine; any hit without one (an engine that does not report it) is embedded here. */
  async function cosinesOf(index: IndexName, hits: SearchHit[], p: Prepared): Promise<number[]> {
    if (p.zero) return hits.map(() => 0);
    const out = hits.map((h) => h.semanticScore);
    const missing = out.flatMap((c, i) => (c === undefined ? [i] : []));
    if (missing.length > 0) {
      const vectors = await embedder.embed(
        missing.map((i) => embeddingText(index, indexedForm(hits[i]!.document))),
      );
      missing.forEach((i, k) => (out[i] = dot(p.vector, vectors[k]!)));
    }
    return out.map((c) => c ?? 0);
  }

  function score(
    target: MatchTarget,
    doc: Record<string, unknown>,
    id: string,
    cosine: number,
    p: Prepared,
  ): Scored {
    const { text, publications } = candidateText(target, doc);
    const cov = coverage(text, p.terms);
    const discipline = disciplineEvidence(p.disciplines, strs(doc.disciplines));
    const mentor = target === 'mentor';
    const { components, exact } = scoreAffinity(
      {
        cosine,
        lexical: cov.share,
        disciplineDistance: discipline?.distance ?? null,
        ...(mentor
          ? {
              capacity: num(doc.capacity),
              load: num(doc.load),
              avgGrade: typeof doc.avgGrade === 'number' ? doc.avgGrade : null,
              gradedCount: num(doc.gradedCount),
            }
          : {}),
      },
      calibration,
    );
    const avgGrade = typeof doc.avgGrade === 'number' ? doc.avgGrade : null;
    return {
      exact,
      doc,
      publications,
      found: new Set(cov.found.map((t) => t.term)),
      foundTerms: cov.found,
      result: {
        type: target,
        id,
        score: components.affinity,
        ...display(target, doc),
        reasons: {
          matchedTerms: cov.found.map((t) => t.term),
          missingTerms: cov.missing.map((t) => t.term),
          publication: null,
          passage: null,
          discipline,
          capacity: mentor
            ? { capacity: num(doc.capacity), load: num(doc.load), left: num(doc.capacityLeft) }
            : null,
          grades: mentor
            ? {
                avgGrade,
                gradedCount: num(doc.gradedCount),
                shrunk: Math.round(shrunkGrade(avgGrade, num(doc.gradedCount)) * 1000) / 1000,
              }
            : null,
          components,
        },
      },
    };
  }

  function attachEvidence(target: MatchTarget, s: Scored, p: Prepared): void {
    const reasons = s.result.reasons;
    // A term absent from the whole profile is absent from each part, so the found terms suffice.
    if (target === 'mentor') reasons.publication = bestPublication(s.publications, s.foundTerms, p.bigrams);
    reasons.passage = passageOf(target, s.doc, s.foundTerms);
  }

  async function preview(input: PreviewInput): Promise<PreviewResult> {
    if (typeof input.text !== 'string') throw new MatchInputError('text must be a string.');
    if (!(input.target in TARGET_INDEX)) throw new MatchInputError(`unknown target ${String(input.target)}.`);
    const limit = checkLimit(input.limit);
    const p = await prepare(input.text, input.skills ?? [], input.disciplines ?? []);
    const { scored, ignored } = await rank(p, input.target, limit, input.filters, input.minScore ?? 0);
    return { results: scored.map((s) => s.result), query: summary(p), ignoredFilters: ignored };
  }

  async function scoreIds(input: ScoreInput): Promise<PreviewResult> {
    if (typeof input.text !== 'string') throw new MatchInputError('text must be a string.');
    if (!(input.target in TARGET_INDEX)) throw new MatchInputError(`unknown target ${String(input.target)}.`);
    if (input.ids.length > MAX_LIMIT) throw new MatchInputError(`at most ${MAX_LIMIT} ids.`);
    const index = TARGET_INDEX[input.target];
    const p = await prepare(input.text, input.skills ?? [], input.disciplines ?? []);
    const publicStates: readonly string[] = PUBLIC_CHALLENGE_STATES;
    const docs = (await engine.get(index, input.ids)).filter(
      (d) => input.target !== 'challenge' || publicStates.includes(str(d.state)),
    );
    const primaryKey = 'id';
    const vectors = p.zero ? [] : await embedder.embed(docs.map((d) => embeddingText(index, d)));
    const scored = docs
      .map((d, i) => score(input.target, d, str(d[primaryKey]), p.zero ? 0 : dot(p.vector, vectors[i]!), p))
      .sort((a, b) => b.exact - a.exact);
    for (const s of scored) attachEvidence(input.target, s, p);
    return { results: scored.map((s) => s.result), query: summary(p), ignoredFilters: [] };
  }

  async function forChallenge(doc: ChallengeDoc, opts: { limit?: number } = {}): Promise<ChallengeMatches> {
    const limit = checkLimit(opts.limit);
    const text = [doc.title, doc.text].join('\n');
    const p = await prepare(text, doc.skills, doc.disciplines);
    const teamLimit = Math.max(limit, TEAM_K);
    const [campus, industry, capabilities, topics] = await Promise.all([
      rank(p, 'mentor', teamLimit, { kind: 'campus' }),
      rank(p, 'mentor', teamLimit, { kind: 'industry' }),
      rank(p, 'capability', limit),
      rank(p, 'topic', limit),
    ]);
    const asTeam = (list: Scored[]): TeamCandidate[] =>
      list.map((s) => ({ result: s.result, found: s.found }));
    return {
      campus: campus.scored.slice(0, limit).map((s) => s.result),
      industry: industry.scored.slice(0, limit).map((s) => s.result),
      capabilities: capabilities.scored.map((s) => s.result),
      topics: topics.scored.map((s) => s.result),
      team: bestTeam(asTeam(campus.scored), asTeam(industry.scored), p.terms),
      query: summary(p),
    };
  }

  async function forStudent(
    profile: Parameters<Matcher['forStudent']>[0],
    opts: { limit?: number } = {},
  ): Promise<PreviewResult> {
    const limit = checkLimit(opts.limit);
    const p = await prepare(
      profile.statement,
      profile.skills,
      profile.discipline ? [profile.discipline] : [],
    );
    const { scored, ignored } = await rank(p, 'topic', limit, {
      orgId: profile.orgId,
      cohort: profile.cohort,
      degreeType: profile.degreeType,
    });
    return { results: scored.map((s) => s.result), query: summary(p), ignoredFilters: ignored };
  }

  async function forMentor(
    doc: MentorDoc,
    opts: { limit?: number; filters?: MatchFilters } = {},
  ): Promise<PreviewResult> {
    const limit = checkLimit(opts.limit);
    const text = embeddingText(INDEX.mentors, doc as unknown as Record<string, unknown>);
    const p = await prepare(text, [], doc.disciplines);
    const { scored, ignored } = await rank(p, 'challenge', limit, opts.filters);
    return { results: scored.map((s) => s.result), query: summary(p), ignoredFilters: ignored };
  }

  return { preview, score: scoreIds, forChallenge, forStudent, forMentor };
}
