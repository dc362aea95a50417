import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small key–value facts about the search side, e.g. which embedding model built the indexes. */
export const searchMeta = pgTable('search_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
