import { and, arrayOverlaps, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Actor } from '../../server/auth/actor.ts';
import { orgsWithRole } from '../../server/auth/actor.ts';
import type { DbOrTx } from '../client.ts';
import {
  allocationOutcomes,
  allocationRuns,
  memberships,
  mentors,
  organisations,
  poolStateChanges,
  publications,
  students,
  thesisTopics,
  users,
} from '../schema/index.ts';
import { ValidationError } from '../../server/errors.ts';
import { containsText } from './filters.ts';
import { afterCursor, orderBy, pageOf, type Keyset } from './pagination.ts';
import { rowWrites } from './rows.ts';

export type MentorRow = typeof mentors.$inferSelect;
export type PublicationRow = typeof publications.$inferSelect;
/** What the caller is to an allocated student: their campus supervisor or their industry mentor. */
export type AllocatedRole = 'supervisor' | 'industry_mentor';

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
 * Cursor of the allocated-students list: the last row's (published at, run, student number, role).
 * A student number names one student within a run's university; the role tells apart the rare
 * person who is both of a student's mentors through two pool records.
 */
type StudentCursor = [Date, string, string, AllocatedRole];

function encodeStudentCursor(c: StudentCursor): string {
  return Buffer.from(
    JSON.stringify([c[0].toISOString(), c[1], c[2], c[3] === 'supervisor' ? 's' : 'i']),
  ).toString('base64url');
}

function decodeStudentCursor(cursor: string): StudentCursor {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 4 && v.every((x) => typeof x === 'string')) {
      const [at, runId, studentNo, role] = v as string[];
      const when = new Date(at!);
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      if (!Number.isNaN(when.getTime()) && uuid.test(runId!) && (role === 's' || role === 'i'))
        return [when, runId!, studentNo!, role === 's' ? 'supervisor' : 'industry_mentor'];
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('Invalid cursor; pass the nextCursor of the previous page unchanged', {
    cursor: 'invalid cursor',
  });
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
      if (f.q) conds.push(containsText(f.q, mentors.name, mentors.interests));
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
    /**
     * The caller's own pool records (a person may sit in several universities' pools), newest
     * first, with publications and history — the same shape as get(). Nobody else's, by construction.
     */
    async mine() {
      if (!actor) return [];
      const rows = await select()
        .where(eq(mentors.userId, actor.userId))
        .orderBy(desc(mentors.createdAt), desc(mentors.id));
      if (!rows.length) return [];
      const ids = rows.map((r) => r.m.id);
      const pubs = await db
        .select()
        .from(publications)
        .where(inArray(publications.mentorId, ids))
        .orderBy(asc(publications.title), asc(publications.id));
      const history = await db
        .select()
        .from(poolStateChanges)
        .where(inArray(poolStateChanges.mentorId, ids))
        .orderBy(asc(poolStateChanges.id));
      return rows.map((r) => ({
        ...toView(r),
        publications: pubs.filter((p) => p.mentorId === r.m.id),
        history: history.filter((h) => h.mentorId === r.m.id),
      }));
    },
    /**
     * Students allocated to the caller — as campus supervisor or as industry mentor, through any of
     * their pool records — in the current published run of each cohort (superseded and what-if runs
     * never show). Newest publication first, then by student number; keyset pages.
     */
    async allocatedStudents(page: { cursor?: string; limit: number }) {
      if (!actor) return { items: [], nextCursor: null };
      const me = alias(mentors, 'me');
      const other = alias(mentors, 'other');
      const role = sql<AllocatedRole>`case when ${me.id} = ${allocationOutcomes.supervisorId} then 'supervisor' else 'industry_mentor' end`;
      const conds: (SQL | undefined)[] = [eq(me.userId, actor.userId), eq(allocationRuns.state, 'published')];
      if (page.cursor) {
        const [when, runId, studentNo, lastRole] = decodeStudentCursor(page.cursor);
        conds.push(
          or(
            lt(allocationRuns.publishedAt, when),
            and(
              eq(allocationRuns.publishedAt, when),
              sql`(${allocationOutcomes.runId}, ${students.studentNo}, ${role}) > (${runId}::uuid, ${studentNo}, ${lastRole})`,
            ),
          ),
        );
      }
      const rows = await db
        .select({
          runId: allocationOutcomes.runId,
          publishedAt: allocationRuns.publishedAt,
          orgId: students.orgId,
          orgName: organisations.name,
          studentId: students.id,
          studentName: students.name,
          studentNo: students.studentNo,
          discipline: students.discipline,
          degreeLevel: students.degreeLevel,
          degreeType: students.degreeType,
          cohort: students.cohort,
          topicId: thesisTopics.id,
          topicTitle: thesisTopics.title,
          rank: allocationOutcomes.rank,
          mentorId: me.id,
          role,
          otherMentorName: other.name,
        })
        .from(allocationOutcomes)
        .innerJoin(allocationRuns, eq(allocationRuns.id, allocationOutcomes.runId))
        .innerJoin(me, or(eq(me.id, allocationOutcomes.supervisorId), eq(me.id, allocationOutcomes.mentorId)))
        .innerJoin(students, eq(students.id, allocationOutcomes.studentId))
        .innerJoin(organisations, eq(organisations.id, students.orgId))
        .innerJoin(thesisTopics, eq(thesisTopics.id, allocationOutcomes.topicId))
        .leftJoin(
          other,
          sql`${other.id} = case when ${me.id} = ${allocationOutcomes.supervisorId} then ${allocationOutcomes.mentorId} else ${allocationOutcomes.supervisorId} end`,
        )
        .where(and(...conds))
        .orderBy(
          desc(allocationRuns.publishedAt),
          asc(allocationOutcomes.runId),
          asc(students.studentNo),
          asc(role),
        )
        .limit(page.limit + 1);
      const more = rows.length > page.limit;
      const items = rows.slice(0, page.limit).map(({ publishedAt, ...r }) => ({
        ...r,
        // A published run always has its date; the column is nullable only for what-if runs.
        publishedAt: publishedAt!,
      }));
      const last = rows[page.limit - 1];
      return {
        items,
        nextCursor:
          more && last
            ? encodeStudentCursor([last.publishedAt!, last.runId, last.studentNo, last.role])
            : null,
      };
    },
    ...rowWrites(db, mentors, visible),
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

/**
 * The account a new pool record belongs to, if its person already has one: a campus supervisor is
 * a `supervisor` member of the pool's university, an industry mentor an `industry_mentor` member of
 * their enterprise, with the record's email — and not yet linked to another record of that pool.
 */
export async function accountForMentor(
  db: DbOrTx,
  m: { kind: MentorRow['kind']; email?: string | null; poolOrgId: string; homeOrgId: string },
): Promise<string | null> {
  if (!m.email) return null;
  const [r] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .where(
      and(
        eq(users.email, m.email.toLowerCase()),
        eq(memberships.orgId, m.kind === 'campus' ? m.poolOrgId : m.homeOrgId),
        eq(memberships.role, m.kind === 'campus' ? 'supervisor' : 'industry_mentor'),
        sql`not exists (select 1 from ${mentors} where ${mentors.userId} = ${users.id} and ${mentors.poolOrgId} = ${m.poolOrgId})`,
      ),
    )
    .limit(1);
  return r?.id ?? null;
}

/**
 * When someone joins an organisation as supervisor (university) or industry mentor (enterprise),
 * the pool records that name them by email and are not linked yet become theirs — at most one per
 * pool. Returns the linked record ids.
 */
export async function linkMentorAccount(
  db: DbOrTx,
  join: { orgId: string; role: 'supervisor' | 'industry_mentor'; email: string; userId: string },
): Promise<string[]> {
  const campus = join.role === 'supervisor';
  const candidates = await db
    .select({ id: mentors.id, poolOrgId: mentors.poolOrgId })
    .from(mentors)
    .where(
      and(
        campus ? eq(mentors.poolOrgId, join.orgId) : eq(mentors.homeOrgId, join.orgId),
        eq(mentors.kind, campus ? 'campus' : 'industry'),
        sql`lower(${mentors.email}) = ${join.email.toLowerCase()}`,
        isNull(mentors.userId),
      ),
    )
    .orderBy(asc(mentors.createdAt), asc(mentors.id));
  const taken = new Set(
    (
      await db.select({ poolOrgId: mentors.poolOrgId }).from(mentors).where(eq(mentors.userId, join.userId))
    ).map((r) => r.poolOrgId),
  );
  const linked: string[] = [];
  for (const c of candidates) {
    if (taken.has(c.poolOrgId)) continue;
    taken.add(c.poolOrgId);
    await db
      .update(mentors)
      .set({ userId: join.userId, updatedAt: new Date() })
      .where(and(eq(mentors.id, c.id), isNull(mentors.userId)));
    linked.push(c.id);
  }
  return linked;
}
