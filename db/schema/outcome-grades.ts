import { integer, pgTable, text, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { challenges } from './challenges.ts';
import { proposals } from './proposals.ts';
import { users } from './users.ts';

/** 市场阅卷: the enterprise grades delivered work (0–100). Feeds the matcher's outcome history. */
export const outcomeGrades = pgTable(
  'outcome_grades',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    score: integer('score').notNull(),
    comment: text('comment').notNull().default(''),
    gradedBy: uuid('graded_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('outcome_grades_proposal_uq').on(t.proposalId)],
);
