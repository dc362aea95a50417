import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { organisations } from './organisations.ts';
import { students } from './students.ts';
import { thesisTopics } from './thesis-topics.ts';
import { users } from './users.ts';

/**
 * An allocation run: inputs are snapshotted when the run is created, so the same inputs and seed
 * always give the same result; runs are what-if until a graduate-school admin publishes one.
 */
export const allocationRuns = pgTable(
  'allocation_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    cohort: integer('cohort').notNull(),
    mode: text('mode').notNull().$type<'stable' | 'optimal'>(),
    options: jsonb('options').notNull().$type<Record<string, unknown>>(),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    /** queued → running → succeeded | failed; succeeded → published → superseded. */
    state: text('state')
      .notNull()
      .$type<'queued' | 'running' | 'succeeded' | 'failed' | 'published' | 'superseded'>()
      .default('queued'),
    progress: integer('progress').notNull().default(0),
    input: jsonb('input').notNull().$type<Record<string, unknown>>(),
    /** Summary of the result (occupancy, unmatched report, welfare, histogram, solver/stability). */
    summary: jsonb('summary').$type<Record<string, unknown>>(),
    error: text('error'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull().defaultNow(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
    publishedAt: instant('published_at'),
    publishedBy: uuid('published_by').references(() => users.id),
  },
  (t) => [
    index('allocation_runs_org_idx').on(t.orgId, t.cohort, t.createdAt),
    index('allocation_runs_state_idx').on(t.state),
  ],
);

/** One row per student of a run: assigned (topic, mentors, rank) or unmatched, with the reason. */
export const allocationOutcomes = pgTable(
  'allocation_outcomes',
  {
    runId: uuid('run_id')
      .notNull()
      .references(() => allocationRuns.id, { onDelete: 'cascade' }),
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id').references(() => thesisTopics.id),
    supervisorId: uuid('supervisor_id'),
    mentorId: uuid('mentor_id'),
    rank: integer('rank'),
    locked: boolean('locked').notNull().default(false),
    reason: text('reason').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.studentId] }),
    // A mentor's students (GET /mentors/me/students), as supervisor or as industry mentor.
    index('allocation_outcomes_supervisor_idx').on(t.supervisorId),
    index('allocation_outcomes_mentor_idx').on(t.mentorId),
  ],
);

/** Pairs a graduate school fixed by hand; every later run of that cohort keeps them. */
export const allocationLocks = pgTable(
  'allocation_locks',
  {
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => thesisTopics.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.studentId] })],
);

/** Per-cohort settings of a university, e.g. how many topics a student may rank. */
export const cohortSettings = pgTable(
  'cohort_settings',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    cohort: integer('cohort').notNull(),
    maxPreferences: integer('max_preferences').notNull().default(10),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.cohort] })],
);
