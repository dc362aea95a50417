import { index, jsonb, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { users } from './users.ts';

export const savedSearches = pgTable(
  'saved_searches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: text('query').notNull(),
    target: text('target').notNull().default('challenge'),
    filters: jsonb('filters').notNull().$type<Record<string, unknown>>().default({}),
    /** Minimum matcher affinity in [0, 1] for an alert. */
    threshold: real('threshold').notNull().default(0.5),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('saved_searches_user_idx').on(t.userId)],
);
