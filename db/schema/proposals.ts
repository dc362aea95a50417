import { sql } from 'drizzle-orm';
import { instant } from './columns.ts';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { challenges } from './challenges.ts';
import { proposalState } from './enums.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/** 高校答题: a university team's answer to a challenge. */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    challengeId: uuid('challenge_id')
      .notNull()
      .references(() => challenges.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    approach: text('approach').notNull(),
    mentorIds: uuid('mentor_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    state: proposalState('state').notNull().default('draft'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('proposals_challenge_idx').on(t.challengeId), index('proposals_org_idx').on(t.orgId)],
);
