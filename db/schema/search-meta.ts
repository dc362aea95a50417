import { pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';

/** Small key–value facts about the search side, e.g. which embedding model built the indexes. */
export const searchMeta = pgTable('search_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});
