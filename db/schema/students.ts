import { sql } from 'drizzle-orm';
import { instant } from './columns.ts';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { degreeLevel, degreeType } from './enums.ts';
import { organisations } from './organisations.ts';
import { users } from './users.ts';

export const students = pgTable(
  'students',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    studentNo: text('student_no').notNull(),
    name: text('name').notNull(),
    /** Used to link the row to the account when the student accepts an invitation. */
    email: text('email'),
    discipline: text('discipline').notNull(),
    degreeLevel: degreeLevel('degree_level').notNull().default('master'),
    degreeType: degreeType('degree_type').notNull().default('professional'),
    cohort: integer('cohort').notNull(),
    skills: text('skills')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    statement: text('statement').notNull().default(''),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('students_org_idx').on(t.orgId, t.cohort),
    // A student number names one student within a university (imports and allocation rely on it).
    uniqueIndex('students_org_no_uq').on(t.orgId, t.studentNo),
  ],
);
