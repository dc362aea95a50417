import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mentors, publications } from '../../db/schema/index.ts';
import type { Embedder } from '../../search/embedders/embedder.ts';
import { buildDisciplineSuggester, type DisciplineSuggester } from '../../search/taxonomy/suggest.ts';
import { lookupCode, path } from '../../search/taxonomy/catalogue.ts';

const REFRESH_MS = 10 * 60_000;

/**
 * Suggests disciplines for any text by voting among the platform's own labelled text: mentors'
 * publications carry their mentor's first discipline. Rebuilt at most every 10 minutes.
 */
export function disciplineSuggestions(db: Db, embedder: Embedder) {
  let built: { at: number; suggester: Promise<DisciplineSuggester | null> } | undefined;
  const build = async (): Promise<DisciplineSuggester | null> => {
    const rows = await db
      .select({
        title: publications.title,
        abstract: publications.abstract,
        discipline: sql<string>`${mentors.disciplines}[1]`,
      })
      .from(publications)
      .innerJoin(mentors, eq(mentors.id, publications.mentorId))
      .limit(20_000);
    const exemplars = rows
      .filter((r) => r.discipline && lookupCode(r.discipline))
      .map((r) => ({ text: `${r.title}\n${r.abstract}`, discipline: r.discipline }));
    return exemplars.length ? buildDisciplineSuggester(exemplars, { embedder }) : null;
  };
  return async (text: string, limit = 5) => {
    if (!built || Date.now() - built.at > REFRESH_MS) built = { at: Date.now(), suggester: build() };
    const s = await built.suggester;
    if (!s) return [];
    const out = await s.suggest(text, { limit });
    return out.map((d) => ({
      ...d,
      name: lookupCode(d.discipline)?.name ?? d.discipline,
      path: path(d.discipline)
        .map((n) => n.name)
        .join(' › '),
    }));
  };
}
