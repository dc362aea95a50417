/**
 * Rebuilds db/seed/data/papers.jsonl from the CSL corpus (a development tool; the seed itself only
 * reads the shipped file). For every field it keeps enough real papers to give each of the field's
 * mentors two to five publications, choosing deterministically by a hash of the CSL id.
 *
 *   node --import tsx db/seed/tools/select-papers.ts [/path/to/csl/papers.jsonl]
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fields } from '../content/fields.ts';

/** Papers per mentor on average; each mentor gets between 2 and 5. */
const PER_MENTOR = 3.3;

interface CslPaper {
  id: string;
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
}

const input = process.argv[2] ?? '/work/shared/data/csl/papers.jsonl';
const output = fileURLToPath(new URL('../data/papers.jsonl', import.meta.url));

const usable = (p: CslPaper) =>
  p.keywords.length >= 2 &&
  p.abstract.length >= 80 &&
  p.abstract.length <= 900 &&
  p.title.length >= 6 &&
  !/[?？]|一例$|综述$/.test(p.title);

const byDiscipline = new Map<string, CslPaper[]>();
const seenTitles = new Set<string>();
for (const line of readFileSync(input, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const p = JSON.parse(line) as CslPaper;
  if (!usable(p) || seenTitles.has(p.title)) continue;
  seenTitles.add(p.title);
  const list = byDiscipline.get(p.discipline) ?? [];
  list.push(p);
  byDiscipline.set(p.discipline, list);
}

const rank = (id: string) => createHash('sha1').update(id).digest('hex');
const out: string[] = [];
const report: string[] = [];
for (const f of fields) {
  const mentors = f.campus + f.industry;
  const pool = [...(byDiscipline.get(f.csl) ?? [])].sort((a, b) => rank(a.id).localeCompare(rank(b.id)));
  const quota = Math.min(pool.length, Math.ceil(mentors * PER_MENTOR));
  if (quota < mentors * 2)
    throw new Error(`${f.csl}: only ${pool.length} usable papers for ${mentors} mentors`);
  const chosen = pool.slice(0, quota).sort((a, b) => a.id.localeCompare(b.id));
  for (const p of chosen) {
    out.push(
      JSON.stringify({
        id: p.id,
        title: p.title.trim(),
        abstract: p.abstract.trim(),
        keywords: p.keywords,
        discipline: p.discipline,
      }),
    );
  }
  report.push(`${f.code} ${f.csl}: ${quota} papers for ${mentors} mentors`);
}
writeFileSync(output, out.join('\n') + '\n');
process.stdout.write(`${report.join('\n')}\n${out.length} papers → ${output}\n`);
