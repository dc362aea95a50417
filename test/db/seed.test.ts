import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { findUserByEmail } from '../../db/repositories/accounts.repository.ts';
import {
  buildDemoPlan,
  demoAccounts,
  DEMO_PASSWORD,
  loadSeedPapers,
  NO_PASSWORD,
  seedDemoData,
  type SeedResult,
} from '../../db/seed/index.ts';
import {
  auditLog,
  challenges,
  memberships,
  mentors,
  organisations,
  outbox,
  outcomeGrades,
  poolStateChanges,
  preferences,
  publications,
  students,
  thesisTopics,
  users,
} from '../../db/schema/index.ts';
import { verifyPassword } from '../../server/auth/password.ts';
import { openTestDatabase } from '../support/database.ts';

let database: Database;
let first: SeedResult;
let seconds: number;
const messages: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  const started = performance.now();
  first = await seedDemoData(database.db, { log: (m) => messages.push(m) });
  seconds = (performance.now() - started) / 1000;
  console.log(`[${database.kind}] seedDemoData took ${seconds.toFixed(2)} s`, first.counts);
});
afterAll(() => database?.close());

async function rows(query: Promise<{ n: number }[]>): Promise<number> {
  return (await query)[0]?.n ?? 0;
}

describe('seedDemoData on an empty database', () => {
  it('loads the demo data set and reports it', () => {
    expect(first.seeded).toBe(true);
    expect(messages.join('\n')).toMatch(/demo data loaded/);
  });

  it('creates the minimum counts of every entity', async () => {
    const db = database.db;
    const n = sql<number>`count(*)::int`;
    const byKind = await db
      .select({ kind: organisations.kind, verification: organisations.verification, n })
      .from(organisations)
      .groupBy(organisations.kind, organisations.verification);
    expect(
      byKind.find((r) => r.kind === 'enterprise' && r.verification === 'verified')?.n,
    ).toBeGreaterThanOrEqual(20);
    expect(byKind.find((r) => r.kind === 'university' && r.verification === 'verified')?.n).toBe(8);
    expect(byKind.every((r) => r.verification === 'verified')).toBe(true);

    const mentorKinds = await db.select({ kind: mentors.kind, n }).from(mentors).groupBy(mentors.kind);
    const campus = mentorKinds.find((r) => r.kind === 'campus')?.n ?? 0;
    const industry = mentorKinds.find((r) => r.kind === 'industry')?.n ?? 0;
    expect(campus + industry).toBeGreaterThanOrEqual(300);
    expect(campus).toBeGreaterThanOrEqual(170);
    expect(industry).toBeGreaterThanOrEqual(120);

    expect(first.counts.capabilities).toBeGreaterThanOrEqual(35);
    expect(await rows(db.select({ n }).from(challenges))).toBeGreaterThanOrEqual(150);
    expect(await rows(db.select({ n }).from(thesisTopics))).toBeGreaterThanOrEqual(120);
    expect(await rows(db.select({ n }).from(students))).toBeGreaterThanOrEqual(500);
    expect(await rows(db.select({ n }).from(poolStateChanges))).toBeGreaterThanOrEqual(campus + industry);
  });

  it('gives every mentor 2–5 real publications, a pool history with reasons, and load ≤ capacity', async () => {
    const db = database.db;
    const perMentor = await db
      .select({ id: mentors.id, pubs: sql<number>`count(${publications.id})::int` })
      .from(mentors)
      .leftJoin(publications, eq(publications.mentorId, mentors.id))
      .groupBy(mentors.id);
    expect(perMentor.every((m) => m.pubs >= 2 && m.pubs <= 5)).toBe(true);

    const bad = await db
      .select({ id: mentors.id })
      .from(mentors)
      .where(
        sql`${mentors.load} > ${mentors.capacity} or ${mentors.load} < 0 or ${mentors.capacity} not between 1 and 5`,
      );
    expect(bad).toEqual([]);

    const campusHomes = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mentors)
      .where(and(eq(mentors.kind, 'campus'), sql`${mentors.homeOrgId} <> ${mentors.poolOrgId}`));
    expect(campusHomes[0]?.n).toBe(0);

    const withoutHistory = await db
      .select({ id: mentors.id })
      .from(mentors)
      .where(
        sql`not exists (select 1 from pool_state_changes p where p.mentor_id = ${mentors.id} and p.reason <> '')`,
      );
    expect(withoutHistory).toEqual([]);

    // The latest history row matches the mentor's current pool state.
    const mismatched = await db.execute(sql`
      select m.id from mentors m
      join lateral (select to_state from pool_state_changes p where p.mentor_id = m.id order by p.at desc, p.id desc limit 1) last on true
      where last.to_state <> m.state`);
    expect(resultRows(mismatched)).toEqual([]);

    const papers = loadSeedPapers();
    const [pub] = await db.select().from(publications).limit(1);
    expect(papers.some((p) => p.title === pub!.title && p.abstract === pub!.abstract)).toBe(true);
  });

  it('pairs every topic with a campus supervisor and an industry mentor', async () => {
    const db = database.db;
    const topics = await db
      .select({
        id: thesisTopics.id,
        cohort: thesisTopics.cohort,
        capacity: thesisTopics.capacity,
        orgId: thesisTopics.orgId,
        supKind: sql<string>`sup.kind`,
        supPool: sql<string>`sup.pool_org_id`,
        indKind: sql<string>`ind.kind`,
      })
      .from(thesisTopics)
      .innerJoin(sql`mentors sup`, sql`sup.id = ${thesisTopics.supervisorId}`)
      .innerJoin(sql`mentors ind`, sql`ind.id = ${thesisTopics.industryMentorId}`);
    expect(topics.length).toBe(first.counts.thesisTopics);
    for (const t of topics) {
      expect(t.supKind).toBe('campus');
      expect(t.indKind).toBe('industry');
      expect(t.supPool).toBe(t.orgId);
      expect(t.capacity).toBeGreaterThanOrEqual(1);
      expect(t.capacity).toBeLessThanOrEqual(3);
    }
    const fromChallenges = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(thesisTopics)
      .where(sql`${thesisTopics.challengeId} is not null`);
    expect(fromChallenges[0]!.n).toBeGreaterThanOrEqual(30);
  });

  it('ranks only open topics, 1..n without gaps, in the student’s cohort', async () => {
    const db = database.db;
    const notOpen = await db
      .select({ studentId: preferences.studentId })
      .from(preferences)
      .innerJoin(thesisTopics, eq(thesisTopics.id, preferences.topicId))
      .where(sql`${thesisTopics.state} <> 'open'`);
    expect(notOpen).toEqual([]);

    const ranks = await db
      .select({
        studentId: preferences.studentId,
        n: sql<number>`count(*)::int`,
        maxRank: sql<number>`max(${preferences.rank})::int`,
        minRank: sql<number>`min(${preferences.rank})::int`,
      })
      .from(preferences)
      .groupBy(preferences.studentId);
    const total = await rows(db.select({ n: sql<number>`count(*)::int` }).from(students));
    expect(ranks.length).toBeGreaterThan(total * 0.7);
    for (const r of ranks) {
      expect(r.minRank).toBe(1);
      expect(r.maxRank).toBe(r.n);
      expect(r.n).toBeGreaterThanOrEqual(3);
      expect(r.n).toBeLessThanOrEqual(8);
    }
  });

  it('spreads challenges over the workflow with an audit trail, proposals and grades', async () => {
    const db = database.db;
    const byState = await db
      .select({ state: challenges.state, n: sql<number>`count(*)::int` })
      .from(challenges)
      .groupBy(challenges.state);
    const states = Object.fromEntries(byState.map((r) => [r.state, r.n]));
    for (const s of [
      'draft',
      'submitted',
      'returned',
      'published',
      'matching',
      'awarded',
      'in_progress',
      'delivered',
      'graded',
      'closed',
    ]) {
      expect(states[s], s).toBeGreaterThan(0);
    }
    expect((states.published ?? 0) + (states.matching ?? 0)).toBeGreaterThan(first.counts.challenges! / 2);

    const nda = await rows(
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(challenges)
        .where(eq(challenges.confidentiality, 'nda')),
    );
    expect(nda / first.counts.challenges!).toBeGreaterThan(0.08);
    expect(nda / first.counts.challenges!).toBeLessThan(0.25);

    // Every challenge's last audited state is its current state.
    const lastAudit = await db.execute(sql`
      select c.id from challenges c
      join lateral (select to_state from audit_log a where a.entity_type = 'challenge' and a.entity_id = c.id::text
                    order by a.at desc, a.id desc limit 1) last on true
      where last.to_state <> c.state::text`);
    expect(resultRows(lastAudit)).toEqual([]);

    const graded = await db
      .select({ id: challenges.id })
      .from(challenges)
      .where(inArray(challenges.state, ['graded', 'closed']));
    const grades = await db.select().from(outcomeGrades);
    expect(new Set(grades.map((g) => g.challengeId))).toEqual(new Set(graded.map((c) => c.id)));
    expect(grades.every((g) => g.score >= 0 && g.score <= 100)).toBe(true);
    expect(first.counts.proposals).toBeGreaterThan(50);
  });

  it('queues every searchable entity in the outbox', async () => {
    const db = database.db;
    const queued = await db
      .select({ type: outbox.entityType, n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(eq(outbox.state, 'pending'))
      .groupBy(outbox.entityType);
    const q = Object.fromEntries(queued.map((r) => [r.type, r.n]));
    expect(q).toEqual({
      challenge: first.counts.challenges,
      mentor: first.counts.mentors,
      capability: first.counts.capabilities,
      topic: first.counts.thesisTopics,
    });
  });

  it('creates demo accounts that log in with the documented password, and no other usable passwords', async () => {
    const db = database.db;
    for (const a of demoAccounts) {
      const u = await findUserByEmail(db, a.email);
      expect(u, a.email).toBeDefined();
      expect(a.password).toBe(DEMO_PASSWORD);
      expect(await verifyPassword(u!.passwordHash, a.password)).toBe(true);
    }
    const others = await db
      .select({ email: users.email, hash: users.passwordHash })
      .from(users)
      .where(
        sql`${users.email} not in (${sql.join(
          demoAccounts.map((a) => sql`${a.email}`),
          sql`, `,
        )})`,
      );
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((u) => u.hash === NO_PASSWORD)).toBe(true);
    expect(await verifyPassword(NO_PASSWORD, DEMO_PASSWORD)).toBe(false);

    const roleOf = async (email: string) => {
      const u = await findUserByEmail(db, email);
      return db
        .select({ role: memberships.role, kind: organisations.kind, name: organisations.name })
        .from(memberships)
        .innerJoin(organisations, eq(organisations.id, memberships.orgId))
        .where(eq(memberships.userId, u!.id));
    };
    expect((await findUserByEmail(db, 'admin@demo.chanjiao.cn'))!.platformAdmin).toBe(true);
    expect((await roleOf('enterprise@demo.chanjiao.cn')).map((r) => r.role)).toContain('org_admin');
    expect((await roleOf('enterprise@demo.chanjiao.cn')).every((r) => r.kind === 'enterprise')).toBe(true);
    expect((await roleOf('grad@demo.chanjiao.cn')).map((r) => r.role).sort()).toEqual([
      'grad_admin',
      'org_admin',
    ]);
    expect((await roleOf('supervisor@demo.chanjiao.cn')).map((r) => `${r.kind}:${r.role}`)).toEqual([
      'university:supervisor',
    ]);
    expect((await roleOf('mentor@demo.chanjiao.cn')).map((r) => `${r.kind}:${r.role}`)).toEqual([
      'enterprise:industry_mentor',
    ]);
    expect((await roleOf('student@demo.chanjiao.cn')).map((r) => `${r.kind}:${r.role}`)).toEqual([
      'university:student',
    ]);

    const linked = async (email: string) => {
      const u = await findUserByEmail(db, email);
      return db.select().from(mentors).where(eq(mentors.userId, u!.id));
    };
    const [sup] = await linked('supervisor@demo.chanjiao.cn');
    expect(sup).toMatchObject({ kind: 'campus', state: 'active' });
    const [ind] = await linked('mentor@demo.chanjiao.cn');
    expect(ind).toMatchObject({ kind: 'industry', state: 'active' });
    const supTopics = await db.select().from(thesisTopics).where(eq(thesisTopics.supervisorId, sup!.id));
    expect(supTopics.length).toBeGreaterThanOrEqual(2);
    const indTopics = await db.select().from(thesisTopics).where(eq(thesisTopics.industryMentorId, ind!.id));
    expect(indTopics.length).toBeGreaterThanOrEqual(2);

    const studentUser = await findUserByEmail(db, 'student@demo.chanjiao.cn');
    const [student] = await db.select().from(students).where(eq(students.userId, studentUser!.id));
    expect(student).toMatchObject({ cohort: 2026 });
    const prefs = await db.select().from(preferences).where(eq(preferences.studentId, student!.id));
    expect(prefs.length).toBeGreaterThanOrEqual(3);
  });

  it('is a no-op the second time', async () => {
    const before = await rows(database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog));
    const again = await seedDemoData(database.db);
    expect(again).toEqual({ seeded: false, counts: {} });
    const after = await rows(database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog));
    expect(after).toBe(before);
  });
});

describe('buildDemoPlan', () => {
  it('is deterministic for a given install date', () => {
    const now = new Date('2026-09-01T08:00:00Z');
    const papers = loadSeedPapers();
    const a = buildDemoPlan({ now, papers });
    const b = buildDemoPlan({ now, papers });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.challenges[0]!.id).toBe(
      buildDemoPlan({ now: new Date('2027-03-01T00:00:00Z'), papers }).challenges[0]!.id,
    );
  });

  it('uses 2022 catalogue codes and unique, unshared publications', () => {
    const plan = buildDemoPlan({ now: new Date('2026-09-01T08:00:00Z'), papers: loadSeedPapers() });
    const codes = [
      ...plan.organisations.flatMap((o) => o.disciplines ?? []),
      ...plan.mentors.flatMap((m) => m.disciplines ?? []),
      ...plan.challenges.flatMap((c) => c.disciplines ?? []),
      ...plan.thesisTopics.flatMap((t) => t.disciplines ?? []),
      ...plan.students.map((s) => s.discipline),
    ];
    expect(codes.every((c) => /^(0[1-9]|1[0-4])\d{2}$/.test(c))).toBe(true);
    const titles = plan.publications.map((p) => p.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(new Set(plan.challenges.map((c) => c.title)).size).toBe(plan.challenges.length);
  });
});

function resultRows(result: unknown): unknown[] {
  // postgres-js returns an array; PGlite returns { rows }.
  if (Array.isArray(result)) return result;
  return (result as { rows: unknown[] }).rows;
}
