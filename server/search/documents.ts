import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import {
  capabilities,
  challenges,
  mentors,
  organisations,
  outcomeGrades,
  proposals,
  publications,
  thesisTopics,
} from '../../db/schema/index.ts';
import type { CapabilityDoc, ChallengeDoc, IndexName, MentorDoc, TopicDoc } from '../../search/indexes.ts';

/**
 * Builds search documents from the database (the source of truth). Rows that no longer exist
 * come back missing, and the worker deletes them from the index.
 */

export async function challengeDocs(db: DbOrTx, ids: string[]): Promise<ChallengeDoc[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ c: challenges, orgName: organisations.name })
    .from(challenges)
    .innerJoin(organisations, eq(organisations.id, challenges.orgId))
    .where(inArray(challenges.id, ids));
  return rows.map(({ c, orgName }) => ({
    id: c.id,
    title: c.title,
    // NDA challenges are indexed with their public summary only: search and matching never see the rest.
    text:
      c.confidentiality === 'nda' ? c.summary : [c.summary, c.background, c.goals, c.deliverables].join('\n'),
    skills: c.skills,
    disciplines: c.disciplines,
    kind: c.kind,
    degreeType: c.degreeType,
    degreeLevel: c.degreeLevel,
    region: c.region,
    industry: c.industry,
    orgId: c.orgId,
    orgName,
    state: c.state,
    confidentiality: c.confidentiality,
    createdAt: c.createdAt.getTime(),
  }));
}

export async function mentorDocs(db: DbOrTx, ids: string[]): Promise<MentorDoc[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ m: mentors, homeOrgName: organisations.name })
    .from(mentors)
    .innerJoin(organisations, eq(organisations.id, mentors.homeOrgId))
    .where(inArray(mentors.id, ids));
  const pubs = await db.select().from(publications).where(inArray(publications.mentorId, ids));
  // Outcome history: grades of accepted proposals whose team included the mentor.
  const grades = await db
    .select({
      mentorId: sql<string>`m.id`,
      avg: sql<number>`avg(${outcomeGrades.score})::float`,
      n: sql<number>`count(*)::int`,
    })
    .from(outcomeGrades)
    .innerJoin(proposals, eq(proposals.id, outcomeGrades.proposalId))
    .innerJoin(sql`unnest(${proposals.mentorIds}) as m(id)`, sql`true`)
    .where(inArray(sql`m.id`, ids))
    .groupBy(sql`m.id`);
  const gradeBy = new Map(grades.map((g) => [g.mentorId, g]));
  return rows.map(({ m, homeOrgName }) => {
    const mine = pubs.filter((p) => p.mentorId === m.id);
    const g = gradeBy.get(m.id);
    return {
      id: m.id,
      kind: m.kind,
      name: m.name,
      title: m.title,
      homeOrgId: m.homeOrgId,
      homeOrgName,
      poolOrgId: m.poolOrgId,
      region: m.region,
      disciplines: m.disciplines,
      state: m.state,
      capacity: m.capacity,
      load: m.load,
      capacityLeft: Math.max(0, m.capacity - m.load),
      interests: m.interests,
      projects: m.projects,
      publicationText: mine.map((p) => `${p.title}\n${p.abstract}`).join('\n'),
      publications: mine.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })),
      avgGrade: g ? Math.round(g.avg * 10) / 10 : null,
      gradedCount: g?.n ?? 0,
    };
  });
}

export async function capabilityDocs(db: DbOrTx, ids: string[]): Promise<CapabilityDoc[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ c: capabilities, orgName: organisations.name })
    .from(capabilities)
    .innerJoin(organisations, eq(organisations.id, capabilities.orgId))
    .where(inArray(capabilities.id, ids));
  return rows.map(({ c, orgName }) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    orgId: c.orgId,
    orgName,
    directions: c.directions,
    achievements: c.achievements,
    equipment: c.equipment,
    disciplines: c.disciplines,
  }));
}

export async function topicDocs(db: DbOrTx, ids: string[]): Promise<TopicDoc[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ t: thesisTopics, orgName: organisations.name })
    .from(thesisTopics)
    .innerJoin(organisations, eq(organisations.id, thesisTopics.orgId))
    .where(and(inArray(thesisTopics.id, ids)));
  return rows.map(({ t, orgName }) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    disciplines: t.disciplines,
    degreeType: t.degreeType,
    cohort: t.cohort,
    capacity: t.capacity,
    orgId: t.orgId,
    orgName,
    state: t.state,
    fromIndustry: t.challengeId !== null,
    challengeId: t.challengeId,
    supervisorId: t.supervisorId,
    industryMentorId: t.industryMentorId,
  }));
}

export const ENTITY_INDEX: Record<string, IndexName> = {
  challenge: 'challenges',
  mentor: 'mentors',
  capability: 'capabilities',
  topic: 'topics',
};

export function docsFor(db: DbOrTx, index: IndexName, ids: string[]): Promise<{ id: string }[]> {
  switch (index) {
    case 'challenges':
      return challengeDocs(db, ids);
    case 'mentors':
      return mentorDocs(db, ids);
    case 'capabilities':
      return capabilityDocs(db, ids);
    case 'topics':
      return topicDocs(db, ids);
  }
}

/** Every id of an entity type, for rebuilds. */
export async function allIds(db: DbOrTx, index: IndexName): Promise<string[]> {
  const table = { challenges, mentors, capabilities, topics: thesisTopics }[index];
  const rows = await db.select({ id: table.id }).from(table);
  return rows.map((r) => r.id);
}
