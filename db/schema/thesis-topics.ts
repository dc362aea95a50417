import { sql } from 'drizzle-orm';
import { instant } from './columns.ts';
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { challenges } from './challenges.ts';
import { degreeType, topicState } from './enums.ts';
import { mentors } from './mentors.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/** A thesis topic with its two mentors (双导师), derived from a challenge or proposed by a supervisor. */
export const thesisTopics = pgTable(
  'thesis_topics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    challengeId: uuid('challenge_id').references(() => challenges.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    disciplines: text('disciplines')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    degreeType: degreeType('degree_type').notNull().default('professional'),
    cohort: integer('cohort').notNull(),
    capacity: integer('capacity').notNull().default(1),
    supervisorId: uuid('supervisor_id')
      .notNull()
      .references(() => mentors.id),
    industryMentorId: uuid('industry_mentor_id').references(() => mentors.id),
    state: topicState('state').notNull().default('draft'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('thesis_topics_org_idx').on(t.orgId, t.state)],
);
