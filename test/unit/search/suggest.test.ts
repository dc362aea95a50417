import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedEngine } from '../../../search/embedded/index.ts';
import { loadOfflineEmbedder } from '../../../search/embedders/offline.ts';
import { buildDisciplineSuggester, exemplarKey, type Exemplar } from '../../../search/taxonomy/suggest.ts';

const EXEMPLARS: Exemplar[] = [
  ...[
    '锂电池储能系统的荷电状态估计方法',
    '电力系统暂态稳定分析与控制',
    '风电并网对配电网电压的影响',
    '变压器局部放电在线检测',
  ].map((text) => ({ text, discipline: '电气工程' })),
  ...[
    '水稻高产栽培技术研究',
    '小麦品种抗旱性鉴定与评价',
    '玉米种植密度与产量的关系',
    '大豆氮肥施用效应分析',
  ].map((text) => ({ text, discipline: '作物学' })),
  ...[
    '高血压患者的护理干预效果观察',
    '手术室护理质量管理实践',
    '糖尿病患者的健康教育',
    '老年住院患者跌倒风险护理',
  ].map((text) => ({ text, discipline: '护理学' })),
  ...[
    '桥梁结构健康监测系统设计',
    '大体积混凝土裂缝控制技术',
    '深基坑支护结构设计',
    '隧道施工围岩稳定性分析',
  ].map((text) => ({ text, discipline: '土木工程' })),
  ...[
    '基于卷积神经网络的图像识别',
    '数据库查询优化算法研究',
    '软件缺陷预测模型',
    '分布式系统的负载均衡策略',
  ].map((text) => ({ text, discipline: '计算机科学与技术' })),
];

// Held out: none of these texts is an exemplar.
const HELD_OUT: [string, string][] = [
  ['动力电池管理系统与电网调度', '电气工程'],
  ['水稻病虫害综合防治与合理施肥', '作物学'],
  ['社区慢性病患者的护理服务模式', '护理学'],
  ['斜拉桥施工监控与混凝土养护', '土木工程'],
  ['云计算平台的任务调度算法', '计算机科学与技术'],
];

const engine = createEmbeddedEngine();
afterAll(() => engine.close());

describe('discipline suggestion by kNN voting', () => {
  it('ranks the right discipline first on held-out texts (direct vectors)', async () => {
    const embedder = await loadOfflineEmbedder();
    const s = await buildDisciplineSuggester(EXEMPLARS, { embedder, k: 5 });
    for (const [text, gold] of HELD_OUT) {
      const ranked = await s.suggest(text);
      expect(ranked[0]!.discipline, text).toBe(gold);
    }
  });

  it('ranks the right discipline first on held-out texts through the embedded engine (hybrid)', async () => {
    const embedder = await loadOfflineEmbedder();
    const s = await buildDisciplineSuggester(EXEMPLARS, {
      embedder,
      k: 5,
      engine: { engine, index: 'suggest_test', semanticRatio: 0.5 },
    });
    for (const [text, gold] of HELD_OUT) {
      const ranked = await s.suggest(text, { limit: 3 });
      expect(ranked).toHaveLength(3);
      expect(ranked[0]!.discipline, text).toBe(gold);
    }
  });

  it('returns every discipline, vote shares summing to 1, voted ones first', async () => {
    const embedder = await loadOfflineEmbedder();
    const s = await buildDisciplineSuggester(EXEMPLARS, { embedder, k: 3 });
    const ranked = await s.suggest('锂电池正极材料');
    expect(ranked.map((r) => r.discipline).sort()).toEqual([...s.disciplines].sort());
    expect(ranked.reduce((sum, r) => sum + r.score, 0)).toBeCloseTo(1, 9);
    expect(ranked.reduce((sum, r) => sum + r.neighbours, 0)).toBe(3);
    const firstUnvoted = ranked.findIndex((r) => r.neighbours === 0);
    expect(ranked.slice(firstUnvoted).every((r) => r.score === 0)).toBe(true);
  });

  it('never lets a text vote for itself when it is also an exemplar', async () => {
    const embedder = await loadOfflineEmbedder();
    // A mislabelled exemplar: if the query could match itself, its wrong label would win.
    const trap = '老年痴呆患者的家庭护理支持';
    const s = await buildDisciplineSuggester([...EXEMPLARS, { text: trap, discipline: '作物学' }], {
      embedder,
      k: 3,
    });

    const self = await s.suggest(trap);
    expect(self[0]!.discipline).toBe('护理学');
    // Whitespace and full-width variants are the same text.
    expect(exemplarKey(` ${trap}\n`)).toBe(exemplarKey(trap));
    expect((await s.suggest(`  ${trap} `))[0]!.discipline).toBe('护理学');

    // A different text near the trap is not excluded, and the trap's vote shows up.
    const near = await s.suggest(`${trap}研究`);
    expect(near.find((r) => r.discipline === '作物学')!.neighbours).toBeGreaterThanOrEqual(1);
  });
});
