import { bigserial, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { instant } from './columns.ts';
import { outboxState } from './enums.ts';

/**
 * Index sync queue: written in the same transaction as the change it describes, drained by the
 * outbox worker into the search engine. `available_at` implements leases and retry backoff.
 * Jobs that must follow a commit share the queue: `entity_type` is then the job kind (e.g.
 * `alert.challenge`, see JOBS in db/repositories/outbox.repository.ts) and `op` is 'upsert'.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op').notNull().$type<'upsert' | 'delete'>(),
    state: outboxState('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    availableAt: instant('available_at').notNull().defaultNow(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('outbox_pending_idx').on(t.state, t.availableAt, t.id)],
);
