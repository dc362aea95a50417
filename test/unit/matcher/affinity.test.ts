import { describe, expect, it } from 'vitest';
import {
  affinity,
  calibrateCosine,
  COSINE_CALIBRATION,
  loadFactor,
  applyOutcome,
  outcomeAdjustment,
  shrunkGrade,
  WEIGHTS,
} from '../../../search/matcher/affinity.ts';
import { loadOfflineEmbedder } from '../../../search/embedders/offline.ts';
import { fitLogistic, rocAuc, sigmoid } from '../../../search/matcher/calibration.ts';
import { bestTeam } from '../../../search/matcher/team.ts';
import type { KeyTerm } from '../../../search/matcher/terms.ts';
import type { MatchResult } from '../../../search/matcher/types.ts';

describe('affinity formula', () => {
  it('calibrates cosine with the shipped logistic', () => {
    expect(COSINE_CALIBRATION).toMatchObject({ a: 9.33, b: -1.22 });
    expect(calibrateCosine(1.22 / 9.33)).toBeCloseTo(0.5, 12); // the midpoint, cos ≈ 0.131
    expect(calibrateCosine(0)).toBeCloseTo(1 / (1 + Math.exp(1.22)), 12);
    expect(calibrateCosine(0.6)).toBeCloseTo(1 / (1 + Math.exp(-(9.33 * 0.6 - 1.22))), 12);
  });

  it('was fitted for the shipped offline model (re-fit with `npm run bench -- match` when it changes)', async () => {
    const embedder = await loadOfflineEmbedder();
    expect(COSINE_CALIBRATION.model).toBe(embedder.model);
  });

  it('weighs semantic, lexical and discipline evidence and renormalises over the known ones', () => {
    expect(WEIGHTS).toEqual({ semantic: 0.5, lexical: 0.3, discipline: 0.2 });
    const s = calibrateCosine(0.4);
    const full = affinity({ cosine: 0.4, lexical: 0.5, disciplineDistance: 0.25 });
    expect(full.relevance).toBeCloseTo(0.5 * s + 0.3 * 0.5 + 0.2 * 0.75, 4);
    expect(full.discipline).toBe(0.75);
    expect(full.affinity).toBe(full.relevance);
    const noDiscipline = affinity({ cosine: 0.4, lexical: 0.5, disciplineDistance: null });
    expect(noDiscipline.relevance).toBeCloseTo((0.5 * s + 0.3 * 0.5) / 0.8, 4);
    const semanticOnly = affinity({ cosine: 0.4, lexical: null, disciplineDistance: null });
    expect(semanticOnly.relevance).toBeCloseTo(s, 4);
  });

  it('does not depend on anything but the pair: the same inputs give the same number', () => {
    const a = affinity({ cosine: 0.31, lexical: 0.2, disciplineDistance: 0.5, capacity: 3, load: 1 });
    const b = affinity({ cosine: 0.31, lexical: 0.2, disciplineDistance: 0.5, capacity: 3, load: 1 });
    expect(a).toEqual(b);
  });

  it('lowers with load by at most 10 %', () => {
    expect(loadFactor(4, 0)).toBe(1);
    expect(loadFactor(4, 2)).toBe(0.95);
    expect(loadFactor(4, 4)).toBe(0.9);
    expect(loadFactor(4, 9)).toBe(0.9);
    expect(loadFactor(0, 0)).toBe(1);
  });

  it('shrinks grades toward neutral when there are few', () => {
    expect(shrunkGrade(null, 0)).toBe(0.75);
    expect(shrunkGrade(100, 0)).toBe(0.75);
    expect(shrunkGrade(100, 5)).toBeCloseTo(0.875, 12);
    expect(shrunkGrade(60, 45)).toBeCloseTo((45 * 0.6 + 5 * 0.75) / 50, 12);
    expect(outcomeAdjustment(null, 0)).toBe(0);
    expect(outcomeAdjustment(100, 5)).toBeCloseTo(0.025, 12);
    expect(outcomeAdjustment(0, 1_000_000)).toBeCloseTo(-0.2 * 0.75, 4);
  });

  it('applies a bonus as a share of the gap to 1 and a penalty in proportion', () => {
    expect(applyOutcome(0.6, 0.05)).toBeCloseTo(0.62, 12);
    expect(applyOutcome(0.98, 0.05)).toBeCloseTo(0.981, 12);
    expect(applyOutcome(0.6, -0.1)).toBeCloseTo(0.54, 12);
    expect(applyOutcome(0.6, 0)).toBe(0.6);
    // Order is kept: a stronger match stays stronger under the same history, and never reaches 1.
    expect(applyOutcome(0.99, 0.05)).toBeGreaterThan(applyOutcome(0.98, 0.05));
    expect(applyOutcome(0.99, 0.05)).toBeLessThan(1);
  });

  it('stays in [0, 1]', () => {
    const top = affinity({
      cosine: 1,
      lexical: 1,
      disciplineDistance: 0,
      capacity: 5,
      load: 0,
      avgGrade: 100,
      gradedCount: 500,
    });
    expect(top.affinity).toBeGreaterThan(0.999);
    expect(top.affinity).toBeLessThanOrEqual(1);
    const bottom = affinity({
      cosine: -1,
      lexical: 0,
      disciplineDistance: 1,
      capacity: 5,
      load: 5,
      avgGrade: 0,
      gradedCount: 500,
    });
    expect(bottom.affinity).toBeGreaterThanOrEqual(0);
    expect(bottom.affinity).toBeLessThan(0.01);
  });
});

describe('calibration fitting', () => {
  it('recovers the parameters of a known logistic', () => {
    // Deterministic sample: at each x, round(1000·σ(6x − 1)) positives out of 1000.
    const points: { x: number; y: 0 | 1 }[] = [];
    for (let x = -0.5; x <= 1.0001; x += 0.05) {
      const pos = Math.round(1000 * sigmoid(6 * x - 1));
      for (let k = 0; k < 1000; k++) points.push({ x, y: k < pos ? 1 : 0 });
    }
    // Balanced re-weighting shifts the intercept by ln(neg/pos); undo it to compare.
    const pos = points.filter((p) => p.y === 1).length;
    const fit = fitLogistic(points, 0);
    expect(fit.a).toBeCloseTo(6, 1);
    expect(fit.b + Math.log(pos / (points.length - pos))).toBeCloseTo(-1, 1);
  });

  it('computes ROC AUC with ties as half', () => {
    expect(
      rocAuc([
        { x: 0.9, y: 1 },
        { x: 0.8, y: 1 },
        { x: 0.1, y: 0 },
        { x: 0.2, y: 0 },
      ]),
    ).toBe(1);
    expect(
      rocAuc([
        { x: 0.5, y: 1 },
        { x: 0.5, y: 0 },
      ]),
    ).toBe(0.5);
    expect(
      rocAuc([
        { x: 0.3, y: 1 },
        { x: 0.6, y: 1 },
        { x: 0.4, y: 0 },
      ]),
    ).toBe(0.5);
  });

  it('refuses one-class data', () => {
    expect(() => fitLogistic([{ x: 1, y: 1 }])).toThrow(RangeError);
  });
});

describe('team search', () => {
  const term = (t: string, weight = 1): KeyTerm => ({
    term: t,
    weight,
    skill: true,
    variants: [t],
    parts: [],
  });
  const result = (id: string, score: number): MatchResult =>
    ({ id, score, type: 'mentor', title: id, subtitle: '', kind: '', reasons: {} }) as unknown as MatchResult;
  const terms = [term('a'), term('b'), term('c'), term('d', 2)];

  it('prefers complementary coverage over the two best individual scores', () => {
    const campus = [
      { result: result('c1', 0.8), found: new Set(['a', 'b']) },
      { result: result('c2', 0.7), found: new Set(['d']) },
    ];
    const industry = [
      { result: result('i1', 0.8), found: new Set(['a', 'b']) },
      { result: result('i2', 0.6), found: new Set(['c', 'd']) },
    ];
    const team = bestTeam(campus, industry, terms)!;
    expect(team.campus.id).toBe('c1');
    expect(team.industry.id).toBe('i2');
    expect(team.coverage).toBe(1);
    expect(team.campusCoverage).toBe(0.4);
    expect(team.industryCoverage).toBe(0.6);
    expect(team.score).toBeCloseTo(0.6 * 1 + 0.4 * 0.7, 12);
    expect(team.terms).toEqual([
      { term: 'a', skill: true, by: ['campus'] },
      { term: 'b', skill: true, by: ['campus'] },
      { term: 'c', skill: true, by: ['industry'] },
      { term: 'd', skill: true, by: ['industry'] },
    ]);
    expect(team.uncovered).toEqual([]);
  });

  it('needs one of each kind', () => {
    expect(bestTeam([], [{ result: result('i', 1), found: new Set() }], terms)).toBeNull();
  });
});
