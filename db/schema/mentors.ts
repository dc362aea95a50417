import { sql } from 'drizzle-orm';
import { instant } from './columns.ts';
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { mentorKind, poolState } from './enums.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

/**
 * A mentor's membership of the shared pool. `homeOrgId` is where the mentor works (a university for
 * campus supervisors, an enterprise for industry mentors); `poolOrgId` is the university whose
 * graduate school vetted them and manages their pool state.
 */
export const mentors = pgTable(
  'mentors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id),
    kind: mentorKind('kind').notNull(),
    homeOrgId: uuid('home_org_id')
      .notNull()
      .references(() => organisations.id),
    poolOrgId: uuid('pool_org_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    title: text('title').notNull().default(''),
    email: text('email'),
    region: text('region').notNull(),
    disciplines: text('disciplines')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    interests: text('interests').notNull().default(''),
    projects: text('projects').notNull().default(''),
    capacity: integer('capacity').notNull().default(2),
    load: integer('load').notNull().default(0),
    state: poolState('state').notNull().default('applied'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('mentors_pool_idx').on(t.poolOrgId, t.state),
    index('mentors_home_idx').on(t.homeOrgId),
    // A person's own records: GET /mentors/me, visibility of one's own record, "my students".
    index('mentors_user_idx').on(t.userId),
  ],
);
