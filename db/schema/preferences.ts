import { integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { students } from './students.ts';
import { thesisTopics } from './thesis-topics.ts';

/** A student's ranked thesis-topic choices (1 = first choice). */
export const preferences = pgTable(
  'preferences',
  {
    studentId: uuid('student_id')
      .notNull()
      .references(() => students.id, { onDelete: 'cascade' }),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => thesisTopics.id, { onDelete: 'cascade' }),
    rank: integer('rank').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.studentId, t.topicId] })],
);
