import { createMatcher } from '../../../search/matcher/index.ts';
import { world, MENTORS, CHALLENGES } from './fixtures/world.ts';
const { engine, embedder } = await world();
const m = createMatcher({ engine, embedder });
const r = await m.forChallenge(CHALLENGES.inspection);
console.log(JSON.stringify(r.query.keyTerms.map((k) => k.term)));
for (const k of ['campus', 'industry'] as const)
  for (const x of r[k]) console.log(k, x.id, x.score, x.reasons.matchedTerms.join(','));
console.log(
  JSON.stringify(r.team, (k, v) =>
    k === 'campus' || k === 'industry' ? (typeof v === 'object' ? v.id : v) : v,
  ),
);
const p = await m.preview({ text: '锂电池健康状态估计', target: 'mentor' });
const b = p.results.find((x) => x.id === 'm-battery')!;
console.log(JSON.stringify(b.reasons, null, 1));
const s = await m.score({
  text: '锂电池健康状态估计',
  target: 'mentor',
  ids: ['m-battery', 'm-rice', 'm-full'],
});
console.log(s.results.map((x) => `${x.id}:${x.score}:${x.reasons.components.cosine}`));
for (const [id, t] of [
  ['m-rice', '水稻育种'],
  ['m-robot', '锂电池健康状态估计'],
  ['m-battery', '水稻育种'],
  ['m-battery', '锂电池健康状态估计'],
  ['m-rice', '水稻雄性不育与品种鉴定'],
  ['m-battery', '蓄电池荷电状态预测'],
]) {
  const s = await m.score({ text: t!, target: 'mentor', ids: [id!] });
  console.log(id, t, s.results[0]!.score, JSON.stringify(s.results[0]!.reasons.components));
}
const st = await m.forStudent({
  discipline: '0808',
  skills: ['神经网络'],
  statement: '希望研究动力电池荷电状态估计',
  degreeType: 'professional',
  cohort: 2025,
  orgId: 'u-east',
});
console.log(st.results.map((x) => `${x.id}:${x.score}`));
const c = await m.preview({ text: 'XJ-8821 电芯 私有衰减曲线库 容量跳水预警阈值', target: 'challenge' });
console.log(
  c.results.map((x) => `${x.id}:${x.score}:${x.reasons.matchedTerms}`),
  JSON.stringify(c.query.keyTerms),
);
