import { and, arrayOverlaps, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../server/auth/actor.ts';
import { orgsWithRole } from '../../server/auth/actor.ts';
import type { DbOrTx } from '../client.ts';
import { mentors, organisations, poolStateChanges, publications } from '../schema/index.ts';
import { afterCursor, orderBy, pageOf, type Keyset } from './pagination.ts';

export type MentorRow = typeof mentors.$inferSelect;
export type PublicationRow = typeof publications.$inferSelect;

export interface MentorFilters {
  q?: string;
  kind?: MentorRow['kind'];
  state?: MentorRow['state'][];
  discipline?: string[];
  poolOrgId?: string;
  region?: string;
  hasCapacity?: boolean;
}

/**
 * Mentor pool, scoped to the caller: everyone sees active mentors; a pool's admins see every state
 * in their own pool; mentors see themselves. Email is shown only to pool admins and the mentor.
 */
export function mentorRepository(db: DbOrTx, actor: Actor | null) {
  const adminPools = actor?.platformAdmin ? null : orgsWithRole(actor, 'org_admin', 'grad_admin');
  const visible = (): SQL => {
    if (adminPools === null) return sql`true`;
    const c: SQL[] = [eq(mentors.state, 'active')];
    if (adminPools.length) c.push(inArray(mentors.poolOrgId, adminPools));
    if (actor) c.push(eq(mentors.userId, actor.userId));
    return or(...c)!;
  };
  const canSeePrivate = (m: MentorRow) =>
    adminPools === null || adminPools.includes(m.poolOrgId) || (!!actor && m.userId === actor.userId);
  const toView = (r: { m: MentorRow; homeOrgName: string; poolOrgName: string }) => ({
    ...r.m,
    email: canSeePrivate(r.m) ? r.m.email : null,
    homeOrgName: r.homeOrgName,
    poolOrgName: r.poolOrgName,
    capacityLeft: Math.max(0, r.m.capacity - r.m.load),
  });
  const home = sql`home_org`;
  const select = () =>
    db
      .select({
        m: mentors,
        homeOrgName: sql<string>`${home}.name`,
        poolOrgName: organisations.name,
      })
      .from(mentors)
      .innerJoin(organisations, eq(organisations.id, mentors.poolOrgId))
      .innerJoin(sql`${organisations} as ${home}`, sql`${home}.id = ${mentors.homeOrgId}`);

  return {
    canManagePool: (poolOrgId: string) => adminPools === null || adminPools.includes(poolOrgId),
    async list(f: MentorFilters, page: { cursor?: string; limit: number }) {
      const k: Keyset = { column: mentors.createdAt, id: mentors.id, direction: 'desc' };
      const conds: (SQL | undefined)[] = [visible(), afterCursor(k, page.cursor, true)];
      if (f.kind) conds.push(eq(mentors.kind, f.kind));
      if (f.state?.length) conds.push(inArray(mentors.state, f.state));
      if (f.discipline?.length) conds.push(arrayOverlaps(mentors.disciplines, f.discipline));
      if (f.poolOrgId) conds.push(eq(mentors.poolOrgId, f.poolOrgId));
      if (f.region) conds.push(eq(mentors.region, f.region));
      if (f.hasCapacity) conds.push(sql`${mentors.load} < ${mentors.capacity}`);
      if (f.q) {
        const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
        conds.push(or(ilike(mentors.name, like), ilike(mentors.interests, like))!);
      }
      const rows = await select()
        .where(and(...conds))
        .orderBy(...orderBy(k))
        .limit(page.limit + 1);
      return pageOf(rows.map(toView), page.limit, (v) => v.createdAt);
    },
    async get(id: string) {
      const [r] = await select().where(and(eq(mentors.id, id), visible()));
      if (!r) return undefined;
      const pubs = await db
        .select()
        .from(publications)
        .where(eq(publications.mentorId, id))
        .orderBy(asc(publications.title));
      const history = canSeePrivate(r.m)
        ? await db
            .select()
            .from(poolStateChanges)
            .where(eq(poolStateChanges.mentorId, id))
            .orderBy(asc(poolStateChanges.id))
        : [];
      return { ...toView(r), publications: pubs, history };
    },
    async getForUpdate(id: string) {
      const [r] = await db
        .select()
        .from(mentors)
        .where(and(eq(mentors.id, id), visible()))
        .for('update');
      return r;
    },
    async insert(v: typeof mentors.$inferInsert) {
      const [r] = await db.insert(mentors).values(v).returning();
      return r!;
    },
    async update(id: string, v: Partial<typeof mentors.$inferInsert>) {
      const [r] = await db
        .update(mentors)
        .set({ ...v, updatedAt: new Date() })
        .where(eq(mentors.id, id))
        .returning();
      return r!;
    },
    async recordState(v: typeof poolStateChanges.$inferInsert) {
      await db.insert(poolStateChanges).values(v);
    },
    async addPublications(mentorId: string, pubs: Omit<typeof publications.$inferInsert, 'mentorId'>[]) {
      if (!pubs.length) return [];
      return db
        .insert(publications)
        .values(pubs.map((p) => ({ ...p, mentorId })))
        .returning();
    },
    async deletePublication(mentorId: string, pubId: string) {
      const r = await db
        .delete(publications)
        .where(and(eq(publications.id, pubId), eq(publications.mentorId, mentorId)))
        .returning({ id: publications.id });
      return r.length > 0;
    },
  };
}
