import type { KeyTerm } from './terms.ts';
import type { MatchResult, TeamMatch } from './types.ts';

/**
 * The 双导师 pair for a challenge: one campus supervisor and one industry mentor whose profiles
 * together cover the most of the challenge's key terms. Exhaustive over the top TEAM_K of each
 * list (64 pairs), scored 0.6·(idf-weighted coverage of the union) + 0.4·(mean affinity), so
 * complementary expertise wins over two people who know the same half of the problem, while a
 * pair of weak matches cannot win on coverage alone. Ties keep the better-ranked campus member.
 */

export const TEAM_K = 8;
const COVERAGE_WEIGHT = 0.6;

export interface TeamCandidate {
  result: MatchResult;
  /** Terms (by key-term surface) found in this candidate's profile. */
  found: ReadonlySet<string>;
}

const round = (x: number) => Math.round(x * 10000) / 10000;

export function bestTeam(
  campus: readonly TeamCandidate[],
  industry: readonly TeamCandidate[],
  terms: readonly KeyTerm[],
): TeamMatch | null {
  if (campus.length === 0 || industry.length === 0) return null;
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const share = (covered: (t: KeyTerm) => boolean) =>
    total > 0 ? terms.reduce((s, t) => s + (covered(t) ? t.weight : 0), 0) / total : 0;
  let best: { c: TeamCandidate; i: TeamCandidate; score: number; coverage: number } | undefined;
  for (const c of campus.slice(0, TEAM_K)) {
    for (const i of industry.slice(0, TEAM_K)) {
      const coverage = share((t) => c.found.has(t.term) || i.found.has(t.term));
      const score =
        COVERAGE_WEIGHT * coverage + (1 - COVERAGE_WEIGHT) * ((c.result.score + i.result.score) / 2);
      if (!best || score > best.score + 1e-12) best = { c, i, score, coverage };
    }
  }
  const { c, i } = best!;
  const teamTerms = terms.map((t) => {
    const by: ('campus' | 'industry')[] = [];
    if (c.found.has(t.term)) by.push('campus');
    if (i.found.has(t.term)) by.push('industry');
    return { term: t.term, skill: t.skill, by };
  });
  return {
    campus: c.result,
    industry: i.result,
    coverage: round(best!.coverage),
    campusCoverage: round(share((t) => c.found.has(t.term))),
    industryCoverage: round(share((t) => i.found.has(t.term))),
    terms: teamTerms,
    uncovered: teamTerms.filter((t) => t.by.length === 0).map((t) => t.term),
    score: round(best!.score),
  };
}
