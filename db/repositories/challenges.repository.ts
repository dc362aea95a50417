import { and, arrayOverlaps, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../server/auth/actor.ts';
import { isReviewer } from '../../server/auth/actor.ts';
import type { DbOrTx } from '../client.ts';
import { challenges, ndaAcceptances, organisations } from '../schema/index.ts';
import { containsText } from './filters.ts';
import { afterCursor, orderBy, pageOf, type Keyset } from './pagination.ts';
import { rowWrites } from './rows.ts';

/** States anyone (even anonymous) may see; drafts, review states and withdrawn ones stay private. */
export const PUBLIC_CHALLENGE_STATES = [
  'published',
  'matching',
  'awarded',
  'in_progress',
  'delivered',
  'graded',
  'closed',
] as const;
const REVIEW_STATES = ['submitted', 'returned'] as const;

export type ChallengeRow = typeof challenges.$inferSelect;
export type ChallengeInsert = typeof challenges.$inferInsert;

/** A challenge as a caller may see it: confidential text is null unless they may read it. */
export type ChallengeView = Omit<ChallengeRow, 'background' | 'goals' | 'deliverables'> & {
  orgName: string;
  background: string | null;
  goals: string | null;
  deliverables: string | null;
  restricted: boolean;
  ndaAccepted: boolean;
};

export interface ChallengeFilters {
  q?: string;
  state?: string[];
  kind?: string[];
  region?: string;
  discipline?: string[];
  degreeType?: string;
  orgId?: string;
  confidentiality?: string;
  mine?: boolean;
}

/**
 * Scoped repository (LobeChat-style): constructed with the caller, it ANDs visibility into every
 * query and redacts NDA text in one place, so no route can leak what the caller may not see.
 */
export function challengeRepository(db: DbOrTx, actor: Actor | null) {
  const myOrgs = actor ? [...new Set(actor.memberships.map((m) => m.orgId))] : [];
  const visible = (): SQL => {
    const conds: SQL[] = [inArray(challenges.state, [...PUBLIC_CHALLENGE_STATES])];
    if (myOrgs.length) conds.push(inArray(challenges.orgId, myOrgs));
    if (isReviewer(actor)) conds.push(inArray(challenges.state, [...REVIEW_STATES]));
    return or(...conds)!;
  };
  // Full text only for the owning organisation's members and users who accepted this challenge's NDA.
  const accepted = actor
    ? sql<boolean>`exists (select 1 from ${ndaAcceptances} where ${ndaAcceptances.challengeId} = ${challenges.id} and ${ndaAcceptances.userId} = ${actor.userId})`
    : sql<boolean>`false`;
  const columns = {
    row: challenges,
    orgName: organisations.name,
    ndaAccepted: accepted,
  };
  const toView = (r: { row: ChallengeRow; orgName: string; ndaAccepted: boolean }): ChallengeView => {
    const canRead = r.row.confidentiality === 'public' || myOrgs.includes(r.row.orgId) || r.ndaAccepted;
    return {
      ...r.row,
      orgName: r.orgName,
      ndaAccepted: r.ndaAccepted,
      restricted: !canRead,
      background: canRead ? r.row.background : null,
      goals: canRead ? r.row.goals : null,
      deliverables: canRead ? r.row.deliverables : null,
    };
  };

  const filterConds = (f: ChallengeFilters): SQL[] => {
    const c: SQL[] = [visible()];
    if (f.state?.length) c.push(inArray(challenges.state, f.state as ChallengeRow['state'][]));
    if (f.kind?.length) c.push(inArray(challenges.kind, f.kind as ChallengeRow['kind'][]));
    if (f.region) c.push(eq(challenges.region, f.region));
    if (f.discipline?.length) c.push(arrayOverlaps(challenges.disciplines, f.discipline));
    if (f.degreeType) c.push(eq(challenges.degreeType, f.degreeType as ChallengeRow['degreeType']));
    if (f.orgId) c.push(eq(challenges.orgId, f.orgId));
    if (f.confidentiality)
      c.push(eq(challenges.confidentiality, f.confidentiality as ChallengeRow['confidentiality']));
    if (f.mine) c.push(myOrgs.length ? inArray(challenges.orgId, myOrgs) : sql`false`);
    if (f.q) {
      // Substring match on public fields only; confidential text is searched nowhere.
      c.push(containsText(f.q, challenges.title, challenges.summary));
    }
    return c;
  };

  return {
    async list(
      f: ChallengeFilters,
      page: { cursor?: string; limit: number; sort: 'created_desc' | 'created_asc' | 'apply_by_asc' },
    ) {
      const k: Keyset =
        page.sort === 'apply_by_asc'
          ? { column: challenges.applyBy, id: challenges.id, direction: 'asc' }
          : {
              column: challenges.createdAt,
              id: challenges.id,
              direction: page.sort === 'created_asc' ? 'asc' : 'desc',
            };
      const conds = filterConds(f);
      const after = afterCursor(k, page.cursor, page.sort !== 'apply_by_asc');
      if (after) conds.push(after);
      if (page.sort === 'apply_by_asc') conds.push(sql`${challenges.applyBy} is not null`);
      const rows = await db
        .select(columns)
        .from(challenges)
        .innerJoin(organisations, eq(organisations.id, challenges.orgId))
        .where(and(...conds))
        .orderBy(...orderBy(k))
        .limit(page.limit + 1);
      return pageOf(rows.map(toView), page.limit, (v) =>
        page.sort === 'apply_by_asc' ? v.applyBy : v.createdAt,
      );
    },

    async get(id: string): Promise<ChallengeView | undefined> {
      const [r] = await db
        .select(columns)
        .from(challenges)
        .innerJoin(organisations, eq(organisations.id, challenges.orgId))
        .where(and(eq(challenges.id, id), visible()));
      return r ? toView(r) : undefined;
    },

    ...rowWrites(db, challenges, visible),

    async acceptNda(id: string, userId: string): Promise<boolean> {
      const r = await db
        .insert(ndaAcceptances)
        .values({ challengeId: id, userId })
        .onConflictDoNothing()
        .returning();
      return r.length > 0;
    },
  };
}
