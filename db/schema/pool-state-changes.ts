import { bigserial, pgTable, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';
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
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pool_state_changes_mentor_idx').on(t.mentorId)],
);
