import { sql } from 'drizzle-orm';
import { instant } from './columns.ts';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { orgKind, verificationState } from './enums.ts';

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: orgKind('kind').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    /** Province-level region name, e.g. 江苏省. */
    region: text('region').notNull(),
    /** Industry cluster ids for enterprises (智能制造 …). */
    industries: text('industries')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Discipline codes (学科专业目录 2022) for universities and institutes. */
    disciplines: text('disciplines')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    verification: verificationState('verification').notNull().default('pending'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('organisations_kind_idx').on(t.kind)],
);
