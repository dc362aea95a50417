/** Loads the CSL retrieval tasks from shared/data/csl (see its README). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATA_DIR } from '../../search/embedders/train.ts';
import type { Qrels } from './metrics.ts';

export interface CorpusDoc {
  doc_id: string;
  title: string;
  keywords: string[];
  abstract: string;
  discipline: string;
  category: string;
}

export interface Query {
  query_id: string;
  text: string;
  discipline?: string;
}

export interface CslData {
  dir: string;
  corpus: CorpusDoc[];
  t1: { queries: Query[]; qrels: Map<string, Qrels> };
  t2: { queries: Query[]; qrels: Map<string, Qrels> };
  t3: { queries: (Query & { discipline: string })[]; disciplines: string[] };
  fewclue: { id: string; abstract: string; discipline: string }[];
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function qrelsOf(file: string): Map<string, Qrels> {
  const out = new Map<string, Qrels>();
  for (const r of readJsonl<{ query_id: string; doc_id: string; rel: number }>(file)) {
    let q = out.get(r.query_id);
    if (!q) out.set(r.query_id, (q = new Map()));
    q.set(r.doc_id, r.rel);
  }
  return out;
}

export function loadCsl(dir: string = DEFAULT_DATA_DIR): CslData {
  const r = (f: string) => path.join(dir, 'retrieval', f);
  return {
    dir,
    corpus: readJsonl<CorpusDoc>(r('corpus.jsonl')),
    t1: { queries: readJsonl<Query>(r('t1_queries.jsonl')), qrels: qrelsOf(r('t1_qrels.jsonl')) },
    t2: { queries: readJsonl<Query>(r('t2_queries.jsonl')), qrels: qrelsOf(r('t2_qrels.jsonl')) },
    t3: {
      queries: readJsonl<Query & { discipline: string }>(r('t3_queries.jsonl')),
      disciplines: readJsonl<{ discipline: string }>(r('t3_disciplines.jsonl')).map((d) => d.discipline),
    },
    fewclue: readJsonl<{ id: string; abstract: string; discipline: string }>(
      path.join(dir, 'fewclue_csldcp.jsonl'),
    ),
  };
}
