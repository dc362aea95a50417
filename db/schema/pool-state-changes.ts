import { bigserial, pgTable, text, uuid, index } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { poolState } from './enums.ts';
import { mentors } from './mentors.ts';
import { users } from './users.ts';

/** History of a mentor's pool state with reasons (entry, suspension, exit, re-entry). */
export const poolStateChanges = pgTable(
  'pool_state_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    mentorId: uuid('mentor_id')
      .notNull()
      .references(() => mentors.id, { onDelete: 'cascade' }),
    fromState: poolState('from_state'),
    toState: poolState('to_state').notNull(),
    reason: text('reason').notNull().default(''),
    actorId: uuid('actor_id').references(() => users.id),
    at: instant('at').notNull().defaultNow(),
  },
  (t) => [index('pool_state_changes_mentor_idx').on(t.mentorId)],
);
