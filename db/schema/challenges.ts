import { sql } from 'drizzle-orm';
import { instant } from './columns.ts';
import { boolean, date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { challengeKind, challengeState, confidentiality, degreeLevel, degreeType } from './enums.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/** 企业出题: an enterprise's technical challenge. For NDA challenges only `title` and `summary` are public. */
export const challenges = pgTable(
  'challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    /** Public summary: the only text shown for NDA challenges before acceptance. */
    summary: text('summary').notNull(),
    background: text('background').notNull(),
    goals: text('goals').notNull(),
    deliverables: text('deliverables').notNull().default(''),
    disciplines: text('disciplines')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    industry: text('industry'),
    kind: challengeKind('kind').notNull(),
    degreeLevel: degreeLevel('degree_level').notNull().default('master'),
    degreeType: degreeType('degree_type').notNull().default('professional'),
    seats: integer('seats').notNull().default(1),
    /** Budget in units of 10,000 CNY (万元). */
    budgetWan: integer('budget_wan').notNull().default(0),
    region: text('region').notNull(),
    onSite: boolean('on_site').notNull().default(false),
    applyBy: date('apply_by'),
    deliverBy: date('deliver_by'),
    confidentiality: confidentiality('confidentiality').notNull().default('public'),
    state: challengeState('state').notNull().default('draft'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('challenges_org_idx').on(t.orgId), index('challenges_state_idx').on(t.state, t.createdAt)],
);
