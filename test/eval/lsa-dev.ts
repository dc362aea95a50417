/**
 * Development check for the offline embedder's hyper-parameters, kept apart from the CSL eval
 * labels: leave-one-out kNN discipline accuracy inside FewCLUE CSLDCP (its own labels; the
 * LSA never saw any label). Also prints vector-only T1/T2 nDCG@10 for a quick look.
 *
 *   node --import tsx test/eval/lsa-dev.ts [model-file]
 */
import { loadOfflineEmbedder } from '../../search/embedders/offline.ts';
import { loadCsl } from './csl-data.ts';
import { scoreRetrieval } from './metrics.ts';

function topK(q: Float32Array, docs: Float32Array[], k: number, skip = -1): { i: number; s: number }[] {
  const best: { i: number; s: number }[] = [];
  for (let i = 0; i < docs.length; i++) {
    if (i === skip) continue;
    const d = docs[i]!;
    let s = 0;
    for (let c = 0; c < q.length; c++) s += q[c]! * d[c]!;
    if (best.length < k || s > best[best.length - 1]!.s) {
      best.push({ i, s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

const started = Date.now();
const embedder = await loadOfflineEmbedder(process.argv[2] ? { modelPath: process.argv[2] } : {});
const data = loadCsl();
console.log(`model ${embedder.model}`);

// FewCLUE LOO kNN (first 1500 as queries against all).
const few = data.fewclue;
const fv = await embedder.embed(few.map((f) => f.abstract));
let correct = 0;
const nq = 1500;
for (let i = 0; i < nq; i++) {
  const votes = new Map<string, number>();
  for (const { i: j, s } of topK(fv[i]!, fv, 10, i)) {
    const d = few[j]!.discipline;
    votes.set(d, (votes.get(d) ?? 0) + Math.max(s, 0) ** 2);
  }
  const top = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (top === few[i]!.discipline) correct++;
}
console.log(`fewclue LOO 10-NN acc@1 ${(correct / nq).toFixed(3)}`);

const cv = await embedder.embed(data.corpus.map((d) => `${d.title}\n${d.abstract}`));
for (const task of ['t1', 't2'] as const) {
  const { queries, qrels } = data[task];
  const qv = await embedder.embed(queries.map((q) => q.text));
  const runs = queries.map((q, i) => ({
    ranked: topK(qv[i]!, cv, 50).map(({ i: j }) => data.corpus[j]!.doc_id),
    qrels: qrels.get(q.query_id) ?? new Map<string, number>(),
  }));
  const s = scoreRetrieval(runs, task === 't1' ? 2 : 1);
  console.log(
    `${task} vector-only nDCG@10 ${s.ndcg10.toFixed(3)} MRR@10 ${s.mrr10.toFixed(3)} R@50 ${s.r50.toFixed(3)}`,
  );
}
console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
