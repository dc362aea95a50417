import type { Embedder } from '../embedders/embedder.ts';
import type { SearchEngine } from '../engine.ts';
import type { ChallengeDoc, MentorDoc } from '../indexes.ts';
import type { PathNode } from '../taxonomy/catalogue.ts';
import type { AffinityComponents, Calibration } from './affinity.ts';

export type MatchTarget = 'mentor' | 'topic' | 'capability' | 'challenge';

/**
 * Caller filters, on top of the ones that always apply (mentors: active with capacity left;
 * topics: open; challenges: published or matching). A filter the target's index does not have
 * (region on topics, cohort on mentors…) is ignored and listed in `ignoredFilters`.
 */
export interface MatchFilters {
  /** Mentors, challenges. */
  region?: string;
  /** Any of these catalogue codes (exact codes, as stored). */
  disciplines?: string[];
  /** Topics, challenges. */
  degreeType?: string;
  /** The target's own kind: mentor campus/industry, capability kind, challenge kind. */
  kind?: string;
  /** Mentors: the pool's university (poolOrgId); others: the owning organisation. */
  orgId?: string;
  /** Topics. */
  cohort?: number;
}

export interface PreviewInput {
  text: string;
  target: MatchTarget;
  /** Default 10, at most 100. */
  limit?: number;
  filters?: MatchFilters;
  /** Skills the text names explicitly: always key terms. */
  skills?: string[];
  /** The query's own discipline codes, for the discipline term of the affinity (not a filter). */
  disciplines?: string[];
  /** Drop results below this affinity. Default 0. */
  minScore?: number;
}

export interface PublicationEvidence {
  id: string;
  title: string;
  /** The sentence of the abstract (or the title) with the most key terms, clipped. */
  passage: string;
  matchedTerms: string[];
}

export interface PassageEvidence {
  /** Which field the passage is from (interests, projects, directions, achievements, description, text…). */
  field: string;
  text: string;
  matchedTerms: string[];
}

export interface DisciplineEvidence {
  /** The candidate's discipline closest to the query's. */
  code: string;
  /** Names joined, e.g. "工学 › 电气工程". */
  path: string;
  nodes: PathNode[];
  /** The query discipline it is closest to, and the catalogue distance (null: query has none). */
  queryCode: string | null;
  queryPath: string | null;
  distance: number | null;
}

export interface MatchReasons {
  /** Key terms of the query found in the candidate (skills first, then by weight). */
  matchedTerms: string[];
  missingTerms: string[];
  /** Mentors: the publication that best matches the query. */
  publication: PublicationEvidence | null;
  /** The best-matching passage of the candidate's own text. */
  passage: PassageEvidence | null;
  discipline: DisciplineEvidence | null;
  /** Mentors. */
  capacity: { capacity: number; load: number; left: number } | null;
  /** Mentors: outcome history, and the grade after shrinkage toward neutral (0–1). */
  grades: { avgGrade: number | null; gradedCount: number; shrunk: number } | null;
  components: AffinityComponents;
}

export interface MatchResult {
  type: MatchTarget;
  id: string;
  /** Affinity in [0, 1], comparable across queries (see affinity.ts). */
  score: number;
  title: string;
  /** Organisation and role, for display. */
  subtitle: string;
  /** Mentor kind (campus / industry), capability kind, challenge kind; '' for topics. */
  kind: string;
  reasons: MatchReasons;
}

export interface QuerySummary {
  keyTerms: { term: string; weight: number; skill: boolean }[];
  disciplines: string[];
}

export interface PreviewResult {
  results: MatchResult[];
  query: QuerySummary;
  ignoredFilters: (keyof MatchFilters)[];
}

export interface TeamTerm {
  term: string;
  skill: boolean;
  by: ('campus' | 'industry')[];
}

/** The best campus supervisor + industry mentor pair (双导师) for a challenge. */
export interface TeamMatch {
  campus: MatchResult;
  industry: MatchResult;
  /** idf-weighted share of the challenge's key terms the pair covers together, in [0, 1]. */
  coverage: number;
  campusCoverage: number;
  industryCoverage: number;
  /** Every key term with who covers it (empty `by`: nobody). */
  terms: TeamTerm[];
  uncovered: string[];
  /** What the pair was chosen by: 0.6·coverage + 0.4·mean affinity. */
  score: number;
}

export interface ChallengeMatches {
  campus: MatchResult[];
  industry: MatchResult[];
  capabilities: MatchResult[];
  topics: MatchResult[];
  team: TeamMatch | null;
  query: QuerySummary;
}

/** Score given candidates (no retrieval): "how well does each of these fit this text?". */
export interface ScoreInput {
  text: string;
  target: MatchTarget;
  /** Candidate ids in the target's index; unknown ids are skipped. */
  ids: string[];
  skills?: string[];
  disciplines?: string[];
}

export interface StudentProfile {
  discipline: string;
  skills: string[];
  statement: string;
  degreeType: string;
  cohort: number;
  orgId: string;
}

export interface ListOptions {
  limit?: number;
  filters?: MatchFilters;
}

export interface Matcher {
  preview(input: PreviewInput): Promise<PreviewResult>;
  /**
   * Affinity and evidence of named candidates for a text, best first. Pool filters do not
   * apply (a mentor at capacity is still an expert), except that challenges outside the
   * public states are never scored. The same (text, candidate) always gets the same score.
   */
  score(input: ScoreInput): Promise<PreviewResult>;
  /** Campus supervisors, industry mentors, capabilities, topics and the best pair for a challenge. */
  forChallenge(doc: ChallengeDoc, options?: { limit?: number }): Promise<ChallengeMatches>;
  /** Open topics of the student's university, cohort and degree type. */
  forStudent(profile: StudentProfile, options?: { limit?: number }): Promise<PreviewResult>;
  /** Public challenges for a mentor. */
  forMentor(doc: MentorDoc, options?: ListOptions): Promise<PreviewResult>;
}

export interface MatcherOptions {
  engine: SearchEngine;
  embedder: Embedder;
  /** Cosine → P(related) for this embedder; default COSINE_CALIBRATION (offline model). */
  calibration?: Calibration;
  /** Hybrid retrieval's semantic ratio. Default 0.5. */
  semanticRatio?: number;
}

export class MatchInputError extends Error {
  override readonly name = 'MatchInputError';
  readonly code = 'invalid_match_input';
}
