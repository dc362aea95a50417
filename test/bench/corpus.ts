/** Generated-data pieces the search benchmarks share: the CSL papers and the regions documents carry. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DATA_DIR } from '../../search/embedders/train.ts';

/** One line of papers.jsonl. */
export interface CslPaper {
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
  category: string;
}

/** The CSL papers, or `fallback()` where the data set is missing; `source` says which. */
export function loadPapers<P>(fallback: () => P[]): { papers: (CslPaper | P)[]; source: string } {
  const file = path.join(DEFAULT_DATA_DIR, 'papers.jsonl');
  if (existsSync(file)) {
    const papers = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as CslPaper);
    return { papers, source: `CSL papers (${papers.length})` };
  }
  return { papers: fallback(), source: 'built-in vocabulary (CSL not found)' };
}

export const REGIONS = [
  '北京',
  '上海',
  '广东',
  '江苏',
  '浙江',
  '山东',
  '湖北',
  '四川',
  '陕西',
  '天津',
  '安徽',
  '辽宁',
];
