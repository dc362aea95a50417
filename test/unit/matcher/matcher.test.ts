/**
 * The matcher end to end on the REAL embedded engine and the REAL offline embedder, with
 * mentors whose publications are real CSL papers (fixtures/), indexed as the outbox worker does.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine } from '../../../search/engine.ts';
import type { OfflineEmbedder } from '../../../search/embedders/offline.ts';
import {
  createMatcher,
  MatchInputError,
  type Matcher,
  type MatchResult,
} from '../../../search/matcher/index.ts';
import { CHALLENGES, indexAs, mentor, MENTORS, NDA_SECRET, TOPICS, world } from './fixtures/world.ts';

let engine: SearchEngine;
let embedder: OfflineEmbedder;
let matcher: Matcher;

beforeAll(async () => {
  ({ engine, embedder } = await world());
  matcher = createMatcher({ engine, embedder });
});

const ids = (results: readonly MatchResult[]) => results.map((r) => r.id);
const byId = (results: readonly MatchResult[], id: string) => {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`${id} not in results: ${ids(results).join(', ')}`);
  return r;
};
const scoreOf = async (id: string, text: string) =>
  (await matcher.score({ text, target: 'mentor', ids: [id] })).results[0]!.score;

describe('ranking and evidence', () => {
  it('ranks the battery-state mentor first for a battery SOC/SOH challenge, with the SOC paper as evidence', async () => {
    const r = await matcher.forChallenge(CHALLENGES.soc);
    expect(r.campus[0]!.id).toBe('m-battery');
    // The rice breeder is not even retrieved, and scores far lower when asked directly.
    expect(ids(r.campus)).not.toContain('m-rice');
    const direct = await matcher.score({
      text: `${CHALLENGES.soc.title}\n${CHALLENGES.soc.text}`,
      target: 'mentor',
      ids: ['m-rice', 'm-battery'],
      skills: CHALLENGES.soc.skills,
      disciplines: CHALLENGES.soc.disciplines,
    });
    expect(ids(direct.results)).toEqual(['m-battery', 'm-rice']);
    expect(direct.results[1]!.score).toBeLessThan(0.2);

    const best = r.campus[0]!;
    expect(best.reasons.matchedTerms).toEqual([
      '锂电池',
      '荷电状态',
      '神经网络',
      '估计',
      '误差',
      '健康',
      '动力电池',
    ]);
    expect(best.reasons.missingTerms).toContain('电池管理系统');
    expect(best.reasons.publication).toEqual({
      id: 'pub-csl_db3b3213f566',
      title: '光伏发电系统蓄电池SOC预测技术研究',
      passage: '蓄电池的荷电状态(SOC)值是反映电池健康状况的一个重要参数.',
      matchedTerms: ['荷电状态', '神经网络', '误差', '健康'],
    });
    expect(best.reasons.discipline).toMatchObject({
      code: '0808',
      path: '工学 › 电气工程',
      queryCode: '0808',
      distance: 0,
    });
    expect(best.reasons.capacity).toEqual({ capacity: 4, load: 1, left: 3 });
    // 6 grades averaging 91, shrunk toward 0.75 with 5 pseudo-grades: (6·0.91 + 5·0.75) / 11.
    expect(best.reasons.grades).toEqual({ avgGrade: 91, gradedCount: 6, shrunk: 0.837 });
    expect(best.reasons.components).toMatchObject({
      discipline: 1,
      loadFactor: 0.975,
      outcome: 0.0175,
    });
    expect(best.reasons.components.cosine).toBeGreaterThan(0.5);
    expect(best.score).toBe(best.reasons.components.affinity);
    expect(best.title).toBe('陈立衡');
    expect(best.subtitle).toBe('教授 · 华东理工示范大学');
    expect(best.kind).toBe('campus');
  });

  it('quotes the rice paper for a rice-breeding draft and reports its key terms', async () => {
    const r = await matcher.preview({ text: '水稻雄性不育与分子标记育种', target: 'mentor', limit: 3 });
    expect(r.query.keyTerms.map((k) => k.term)).toEqual(['雄性不育', '育种', '标记', '水稻', '分子']);
    const first = r.results[0]!;
    expect(first.id).toBe('m-rice');
    expect(first.reasons.publication?.title).toBe('水稻细胞质雄性不育的研究进展');
    expect(first.reasons.publication?.matchedTerms).toEqual(['雄性不育', '育种', '标记', '水稻', '分子']);
    expect(first.reasons.matchedTerms).toEqual(['雄性不育', '育种', '标记', '水稻', '分子']);
    expect(first.score).toBeGreaterThan(0.9);
  });

  it('ranks capabilities and topics for a challenge with the matching passage', async () => {
    const r = await matcher.forChallenge(CHALLENGES.soc);
    expect(r.capabilities[0]!.id).toBe('cap-battery-lab');
    expect(r.capabilities[0]!.reasons.passage).toEqual({
      field: 'directions',
      text: '锂离子电池荷电状态估计',
      matchedTerms: ['锂电池', '荷电状态', '估计'],
    });
    expect(r.capabilities[0]!.reasons.capacity).toBeNull();
    expect(r.topics[0]!.id).toBe('t-soc');
    // Only open topics: the allocated one never shows.
    expect(ids(r.topics)).not.toContain(TOPICS.socAllocated.id);
    expect(r.query.disciplines).toEqual(['0808']);
  });

  it('gives topics of the student’s own university, cohort and degree type, open only', async () => {
    const r = await matcher.forStudent({
      discipline: '0808',
      skills: ['神经网络'],
      statement: '希望研究动力电池荷电状态估计',
      degreeType: 'professional',
      cohort: 2025,
      orgId: 'u-east',
    });
    // Not t-soc-allocated (state), t-soc-2024 (cohort), t-soc-west (university), t-rice (degree type).
    expect(ids(r.results)).toEqual(['t-soc', 't-thermal']);
    expect(r.results[0]!.reasons.matchedTerms).toEqual(['神经网络', '荷电', '动力电池', '估计', '状态']);
  });
});

describe('filters', () => {
  it('never returns suspended or full mentors, though their profiles match as well as the best one', async () => {
    const text = '蓄电池荷电状态预测与动力电池数据采集';
    // The engine alone finds them (same publications as m-battery) ...
    const raw = await engine.search('mentors', { q: '蓄电池 荷电状态', limit: 20 });
    expect(ids(raw.hits as unknown as MatchResult[])).toEqual(
      expect.arrayContaining(['m-battery', 'm-suspended', 'm-full']),
    );
    // ... the matcher's pool filters keep them out of every list.
    const p = await matcher.preview({ text, target: 'mentor', limit: 20 });
    expect(ids(p.results)).toContain('m-battery');
    expect(ids(p.results)).not.toContain('m-suspended');
    expect(ids(p.results)).not.toContain('m-full');
    const c = await matcher.forChallenge(CHALLENGES.soc, { limit: 20 });
    for (const list of [c.campus, c.industry]) {
      expect(ids(list)).not.toContain('m-suspended');
      expect(ids(list)).not.toContain('m-full');
    }
  });

  it('applies caller filters and reports the ones a target does not have', async () => {
    const industry = await matcher.preview({
      text: '锂电池荷电状态',
      target: 'mentor',
      filters: { kind: 'industry' },
    });
    expect(industry.results.length).toBeGreaterThan(0);
    expect(new Set(industry.results.map((r) => r.kind))).toEqual(new Set(['industry']));
    const elsewhere = await matcher.preview({
      text: '锂电池荷电状态',
      target: 'mentor',
      filters: { region: '北京' },
    });
    expect(elsewhere.results).toEqual([]);
    const topics = await matcher.preview({
      text: '锂电池荷电状态',
      target: 'topic',
      filters: { region: '上海', cohort: 2024 },
    });
    expect(topics.ignoredFilters).toEqual(['region']);
    expect(ids(topics.results)).toEqual(['t-soc-2024']);
  });

  it('only shows published or matching challenges', async () => {
    const r = await matcher.forMentor(MENTORS.battery);
    expect(ids(r.results)).toContain('c-soc');
    expect(ids(r.results)).not.toContain('c-draft');
    const scored = await matcher.score({ text: '荷电状态', target: 'challenge', ids: ['c-draft', 'c-soc'] });
    expect(ids(scored.results)).toEqual(['c-soc']);
  });

  it('rejects a bad limit with a named error', async () => {
    await expect(matcher.preview({ text: '电池', target: 'mentor', limit: 0 })).rejects.toBeInstanceOf(
      MatchInputError,
    );
    await expect(matcher.preview({ text: '电池', target: 'mentor', limit: 101 })).rejects.toThrow(/limit/);
  });

  it('returns nothing for a text with no key terms and no known features', async () => {
    const r = await matcher.preview({ text: '，。！？ …', target: 'mentor' });
    expect(r.results).toEqual([]);
    expect(r.query.keyTerms).toEqual([]);
  });
});

describe('NDA', () => {
  const secrets = [
    NDA_SECRET.background,
    NDA_SECRET.goals,
    NDA_SECRET.deliverables,
    'XJ-8821',
    'xj-8821',
    '私有衰减曲线库',
  ];

  it('indexes only the public summary, so matches and evidence never carry the confidential text', async () => {
    const [stored] = await engine.get('challenges', [CHALLENGES.nda.id]);
    expect(stored!.text).toBe('面向电动汽车动力电池的容量衰减与荷电状态预测，需要电池管理系统数据分析经验。');

    const r = await matcher.forMentor(MENTORS.battery);
    const nda = byId(r.results, 'c-nda');
    expect(nda.reasons.passage).toEqual({
      field: 'text',
      text: '面向电动汽车动力电池的容量衰减与荷电状态预测，需要电池管理系统数据分析经验。',
      matchedTerms: ['电池', '动力电池', '电动汽车', '荷电'],
    });
    const out = JSON.stringify(r);
    for (const s of secrets) expect(out).not.toContain(s);
  });

  it('cannot be found through its confidential words', async () => {
    const r = await matcher.preview({
      text: 'XJ-8821 电芯 私有衰减曲线库 容量跳水预警阈值',
      target: 'challenge',
    });
    const nda = byId(r.results, 'c-nda');
    // Only the public word 衰减 (in the summary) matches; the secret terms do not.
    expect(nda.reasons.matchedTerms).toEqual(['衰减']);
    expect(nda.reasons.missingTerms).toEqual(expect.arrayContaining(['xj-8821', '私有', '跳水']));
    expect(JSON.stringify(nda)).not.toContain('XJ-8821');
  });
});

describe('dual-mentor team', () => {
  it('pairs the campus battery expert with the industry vision expert, covering more than either alone', async () => {
    const r = await matcher.forChallenge(CHALLENGES.inspection);
    const team = r.team!;
    expect(team.campus.id).toBe('m-battery');
    expect(team.industry.id).toBe('m-vision');
    expect(team.coverage).toBeGreaterThan(team.campusCoverage);
    expect(team.coverage).toBeGreaterThan(team.industryCoverage);
    const skills = Object.fromEntries(team.terms.filter((t) => t.skill).map((t) => [t.term, t.by]));
    expect(skills).toEqual({
      计算机视觉: ['industry'],
      缺陷: ['industry'],
      荷电状态: ['campus'],
      神经网络: ['campus'],
    });
    // Every skill is covered by the pair; neither member covers them all.
    expect(team.uncovered.filter((t) => t in skills)).toEqual([]);
    expect(team.campus.reasons.matchedTerms).not.toContain('计算机视觉');
    expect(team.industry.reasons.matchedTerms).not.toContain('荷电状态');
  });
});

describe('affinity is comparable across queries', () => {
  it('is higher for a text in the mentor’s field than for one outside it', async () => {
    const inField = await scoreOf('m-battery', '蓄电池荷电状态预测');
    const outside = await scoreOf('m-battery', '水稻育种');
    expect(inField).toBeGreaterThan(0.9);
    expect(outside).toBeLessThan(0.2);
  });

  it('puts a strong match for one query above a weak match for another', async () => {
    const strong = await scoreOf('m-rice', '水稻育种');
    const weak = await scoreOf('m-robot', '锂电池健康状态估计'); // shares 估计/状态 only
    const unrelated = await scoreOf('m-battery', '水稻育种');
    expect(strong).toBeGreaterThan(weak);
    expect(weak).toBeGreaterThan(unrelated);
  });

  it('does not depend on who else is indexed (no per-query normalisation)', async () => {
    const text = '锂电池健康状态估计';
    const before = byId((await matcher.preview({ text, target: 'mentor' })).results, 'm-battery');
    const crowded = await world({ fillers: true });
    expect(await crowded.engine.count('mentors')).toBe(Object.keys(MENTORS).length + 24);
    const other = createMatcher(crowded);
    const after = byId((await other.preview({ text, target: 'mentor' })).results, 'm-battery');
    expect(after.score).toBe(before.score);
    expect(after.reasons.components).toEqual(before.reasons.components);
    // And preview and score agree on the same pair.
    expect(await scoreOf('m-battery', text)).toBe(before.score);
  });

  it('gives the same scores on an engine that does not report cosines (the matcher embeds the hits itself)', async () => {
    const silent: SearchEngine = {
      ...engine,
      search: async (index, query) => {
        const r = await engine.search(index, query);
        return { ...r, hits: r.hits.map(({ semanticScore: _drop, ...hit }) => hit) };
      },
    };
    const text = '锂电池健康状态估计';
    const direct = await matcher.preview({ text, target: 'mentor' });
    const viaFallback = await createMatcher({ engine: silent, embedder }).preview({ text, target: 'mentor' });
    expect(viaFallback.results.map((r) => [r.id, r.score])).toEqual(
      direct.results.map((r) => [r.id, r.score]),
    );
  });

  it('lowers the score slightly with load and lifts it with a good, well-attested grade history', async () => {
    const e = await world();
    const base = {
      kind: 'campus' as const,
      name: '测试',
      disciplines: ['0808'],
      interests: '蓄电池建模与荷电状态预测',
    };
    await indexAs(
      e.engine,
      'mentors',
      [
        mentor('m-idle', 'battery', { ...base, capacity: 4, load: 0 }),
        mentor('m-busy', 'battery', { ...base, capacity: 4, load: 3 }),
        mentor('m-graded', 'battery', { ...base, capacity: 4, load: 0, avgGrade: 95, gradedCount: 20 }),
        mentor('m-once', 'battery', { ...base, capacity: 4, load: 0, avgGrade: 95, gradedCount: 1 }),
      ],
      e.embedder,
    );
    const m = createMatcher(e);
    const r = await m.score({
      text: '蓄电池荷电状态预测',
      target: 'mentor',
      ids: ['m-idle', 'm-busy', 'm-graded', 'm-once'],
    });
    expect(ids(r.results)).toEqual(['m-graded', 'm-once', 'm-idle', 'm-busy']);
    const c = Object.fromEntries(r.results.map((x) => [x.id, x.reasons.components]));
    expect(c['m-busy']!.loadFactor).toBe(0.925);
    expect(c['m-idle']!.loadFactor).toBe(1);
    // (20·0.95 + 5·0.75)/25 = 0.91 → δ = 0.2·0.16; one grade: (0.95 + 3.75)/6 → δ = 0.2·(0.78333 − 0.75).
    expect(c['m-graded']!.outcome).toBe(0.032);
    expect(c['m-once']!.outcome).toBe(0.0067);
    expect(c['m-idle']!.outcome).toBe(0);
    expect(c['m-idle']!.relevance).toBe(c['m-busy']!.relevance);
  });
});
