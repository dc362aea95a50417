import { sql } from 'drizzle-orm';
import { instant } from './columns.ts';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations.ts';

/** 能力清单: a university's lab, team or platform with its directions, achievements and equipment. */
export const capabilities = pgTable(
  'capabilities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    kind: text('kind').notNull().default('lab'),
    directions: text('directions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    achievements: text('achievements').notNull().default(''),
    equipment: text('equipment').notNull().default(''),
    disciplines: text('disciplines')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [index('capabilities_org_idx').on(t.orgId)],
);
