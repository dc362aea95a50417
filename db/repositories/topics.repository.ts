import { aliasedTable, and, arrayOverlaps, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../server/auth/actor.ts';
import type { DbOrTx } from '../client.ts';
import { mentors, organisations, thesisTopics } from '../schema/index.ts';
import { containsText } from './filters.ts';
import { afterCursor, orderBy, pageOf, type Keyset } from './pagination.ts';
import { rowWrites } from './rows.ts';

export type TopicRow = typeof thesisTopics.$inferSelect;
export const PUBLIC_TOPIC_STATES = ['open', 'allocated', 'closed'] as const;

export interface TopicFilters {
  q?: string;
  orgId?: string;
  state?: TopicRow['state'][];
  discipline?: string[];
  cohort?: number;
  fromIndustry?: boolean;
}

/** Topics in selection or later are public; the university sees its own in every state. */
export function topicRepository(db: DbOrTx, actor: Actor | null) {
  const myOrgs = actor ? [...new Set(actor.memberships.map((m) => m.orgId))] : [];
  const visible = (): SQL => {
    const c: SQL[] = [inArray(thesisTopics.state, [...PUBLIC_TOPIC_STATES])];
    if (myOrgs.length) c.push(inArray(thesisTopics.orgId, myOrgs));
    if (actor?.platformAdmin) c.push(sql`true`);
    return or(...c)!;
  };
  const sup = aliasedTable(mentors, 'sup');
  const ind = aliasedTable(mentors, 'ind');
  const select = () =>
    db
      .select({
        t: thesisTopics,
        orgName: organisations.name,
        supervisorName: sup.name,
        industryMentorName: ind.name,
      })
      .from(thesisTopics)
      .innerJoin(organisations, eq(organisations.id, thesisTopics.orgId))
      .innerJoin(sup, eq(sup.id, thesisTopics.supervisorId))
      .leftJoin(ind, eq(ind.id, thesisTopics.industryMentorId));
  const toView = (r: {
    t: TopicRow;
    orgName: string;
    supervisorName: string;
    industryMentorName: string | null;
  }) => ({
    ...r.t,
    orgName: r.orgName,
    supervisorName: r.supervisorName,
    industryMentorName: r.industryMentorName,
  });
  return {
    async list(f: TopicFilters, page: { cursor?: string; limit: number }) {
      const k: Keyset = { column: thesisTopics.createdAt, id: thesisTopics.id, direction: 'desc' };
      const conds: (SQL | undefined)[] = [visible(), afterCursor(k, page.cursor, true)];
      if (f.orgId) conds.push(eq(thesisTopics.orgId, f.orgId));
      if (f.state?.length) conds.push(inArray(thesisTopics.state, f.state));
      if (f.discipline?.length) conds.push(arrayOverlaps(thesisTopics.disciplines, f.discipline));
      if (f.cohort) conds.push(eq(thesisTopics.cohort, f.cohort));
      if (f.fromIndustry !== undefined)
        conds.push(
          f.fromIndustry
            ? sql`${thesisTopics.challengeId} is not null`
            : sql`${thesisTopics.challengeId} is null`,
        );
      if (f.q) conds.push(containsText(f.q, thesisTopics.title, thesisTopics.description));
      const rows = await select()
        .where(and(...conds))
        .orderBy(...orderBy(k))
        .limit(page.limit + 1);
      return pageOf(rows.map(toView), page.limit, (v) => v.createdAt);
    },
    async get(id: string) {
      const [r] = await select().where(and(eq(thesisTopics.id, id), visible()));
      return r ? toView(r) : undefined;
    },
    async getMany(ids: string[]) {
      if (!ids.length) return [];
      const rows = await select().where(and(inArray(thesisTopics.id, ids), visible()));
      return rows.map(toView);
    },
    ...rowWrites(db, thesisTopics, visible),
  };
}
