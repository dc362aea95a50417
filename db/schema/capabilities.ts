import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('capabilities_org_idx').on(t.orgId)],
);
