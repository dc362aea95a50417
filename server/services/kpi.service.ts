import { and, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { PUBLIC_CHALLENGE_STATES } from '../../db/repositories/challenges.repository.ts';
import {
  allocationOutcomes,
  allocationRuns,
  challenges,
  mentors,
  organisations,
  poolStateChanges,
  students,
  thesisTopics,
} from '../../db/schema/index.ts';
import { fitsCluster, industryCluster } from '../../search/taxonomy/catalogue.ts';

/** The policy targets the graduate schools report against. */
export const TARGETS = {
  topicsFromIndustry: 0.15,
  studentsInIndustryProjects: 0.3,
  disciplineIndustryFit: 0.9,
  industryMentorsInPool: 300,
} as const;

const COUNTED_TOPIC_STATES = ['approved', 'open', 'allocated', 'closed'] as const;

export interface KpiScope {
  orgId?: string;
}

const ratio = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : 0);

/**
 * The four policy KPIs, overall and by university, plus a 12-month trend. Definitions:
 * - topics from industry: topics derived from an enterprise challenge ÷ all approved topics;
 * - students in industry projects: students whose published allocation is an industry topic ÷ students;
 * - discipline–industry fit: published challenges whose disciplines serve their industry cluster ÷ those with a cluster;
 * - industry mentors in the pool: active industry mentors.
 */
export async function kpis(db: DbOrTx, scope: KpiScope = {}, now = new Date()) {
  const topicRows = await db
    .select({
      orgId: thesisTopics.orgId,
      fromIndustry: sql<boolean>`${thesisTopics.challengeId} is not null`,
      n: sql<number>`count(*)::int`,
    })
    .from(thesisTopics)
    .where(
      and(
        inArray(thesisTopics.state, [...COUNTED_TOPIC_STATES]),
        scope.orgId ? eq(thesisTopics.orgId, scope.orgId) : undefined,
      ),
    )
    .groupBy(thesisTopics.orgId, sql`${thesisTopics.challengeId} is not null`);

  const studentRows = await db
    .select({ orgId: students.orgId, n: sql<number>`count(*)::int` })
    .from(students)
    .where(scope.orgId ? eq(students.orgId, scope.orgId) : undefined)
    .groupBy(students.orgId);
  const inIndustry = await db
    .select({
      orgId: allocationRuns.orgId,
      n: sql<number>`count(distinct ${allocationOutcomes.studentId})::int`,
    })
    .from(allocationOutcomes)
    .innerJoin(allocationRuns, eq(allocationRuns.id, allocationOutcomes.runId))
    .innerJoin(thesisTopics, eq(thesisTopics.id, allocationOutcomes.topicId))
    .where(
      and(
        eq(allocationRuns.state, 'published'),
        isNotNull(thesisTopics.challengeId),
        scope.orgId ? eq(allocationRuns.orgId, scope.orgId) : undefined,
      ),
    )
    .groupBy(allocationRuns.orgId);

  const challengeRows = await db
    .select({ disciplines: challenges.disciplines, industry: challenges.industry })
    .from(challenges)
    .where(and(inArray(challenges.state, [...PUBLIC_CHALLENGE_STATES]), isNotNull(challenges.industry)));
  const withCluster = challengeRows.filter((c) => c.industry && industryCluster(c.industry));
  const fit = withCluster.filter((c) => c.disciplines.some((d) => fitsCluster(d, c.industry!))).length;

  const mentorRows = await db
    .select({ orgId: mentors.poolOrgId, n: sql<number>`count(*)::int` })
    .from(mentors)
    .where(
      and(
        eq(mentors.kind, 'industry'),
        eq(mentors.state, 'active'),
        scope.orgId ? eq(mentors.poolOrgId, scope.orgId) : undefined,
      ),
    )
    .groupBy(mentors.poolOrgId);

  const unis = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.kind, ['university', 'institute']));
  const byUniversity = unis
    .filter((u) => !scope.orgId || u.id === scope.orgId)
    .map((u) => {
      const t = topicRows.filter((r) => r.orgId === u.id);
      const topicsAll = t.reduce((a, r) => a + r.n, 0);
      const topicsInd = t.filter((r) => r.fromIndustry).reduce((a, r) => a + r.n, 0);
      const studs = studentRows.find((r) => r.orgId === u.id)?.n ?? 0;
      const ind = inIndustry.find((r) => r.orgId === u.id)?.n ?? 0;
      return {
        orgId: u.id,
        name: u.name,
        topics: topicsAll,
        topicsFromIndustry: ratio(topicsInd, topicsAll),
        students: studs,
        studentsInIndustryProjects: ratio(ind, studs),
        industryMentors: mentorRows.find((r) => r.orgId === u.id)?.n ?? 0,
      };
    })
    .filter((u) => u.topics || u.students || u.industryMentors);

  const allTopics = topicRows.reduce((a, r) => a + r.n, 0);
  const indTopics = topicRows.filter((r) => r.fromIndustry).reduce((a, r) => a + r.n, 0);
  const allStudents = studentRows.reduce((a, r) => a + r.n, 0);
  const indStudents = inIndustry.reduce((a, r) => a + r.n, 0);
  const industryMentors = mentorRows.reduce((a, r) => a + r.n, 0);

  // Trend: industry mentors admitted (entered 'active') and industry topics created, per month.
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  const admitted = await db
    .select({ month: sql<string>`to_char(${poolStateChanges.at}, 'YYYY-MM')`, n: sql<number>`count(*)::int` })
    .from(poolStateChanges)
    .innerJoin(mentors, eq(mentors.id, poolStateChanges.mentorId))
    .where(
      and(
        eq(poolStateChanges.toState, 'active'),
        eq(mentors.kind, 'industry'),
        gte(poolStateChanges.at, since),
        scope.orgId ? eq(mentors.poolOrgId, scope.orgId) : undefined,
      ),
    )
    .groupBy(sql`to_char(${poolStateChanges.at}, 'YYYY-MM')`);
  const topicsByMonth = await db
    .select({
      month: sql<string>`to_char(${thesisTopics.createdAt}, 'YYYY-MM')`,
      fromIndustry: sql<boolean>`${thesisTopics.challengeId} is not null`,
      n: sql<number>`count(*)::int`,
    })
    .from(thesisTopics)
    .where(
      and(gte(thesisTopics.createdAt, since), scope.orgId ? eq(thesisTopics.orgId, scope.orgId) : undefined),
    )
    .groupBy(
      sql`to_char(${thesisTopics.createdAt}, 'YYYY-MM')`,
      sql`${thesisTopics.challengeId} is not null`,
    );
  const months = Array.from({ length: 12 }, (_, i) =>
    new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth() + i, 1)).toISOString().slice(0, 7),
  );
  const trend = months.map((month) => {
    const t = topicsByMonth.filter((r) => r.month === month);
    return {
      month,
      industryMentorsAdmitted: admitted.find((r) => r.month === month)?.n ?? 0,
      topics: t.reduce((a, r) => a + r.n, 0),
      topicsFromIndustry: t.filter((r) => r.fromIndustry).reduce((a, r) => a + r.n, 0),
    };
  });

  return {
    targets: TARGETS,
    overall: {
      topicsFromIndustry: {
        value: ratio(indTopics, allTopics),
        numerator: indTopics,
        denominator: allTopics,
      },
      studentsInIndustryProjects: {
        value: ratio(indStudents, allStudents),
        numerator: indStudents,
        denominator: allStudents,
      },
      disciplineIndustryFit: {
        value: ratio(fit, withCluster.length),
        numerator: fit,
        denominator: withCluster.length,
      },
      industryMentorsInPool: {
        value: industryMentors,
        numerator: industryMentors,
        denominator: TARGETS.industryMentorsInPool,
      },
    },
    byUniversity,
    trend,
  };
}
